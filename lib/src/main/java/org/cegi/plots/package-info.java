/** XChart charts of CEGI, emissions and energy, one call each, in one house style, with PNG and SVG export. */
package org.cegi.plots;
