/** XChart charts of CEGI, emissions, energy and run results, one call each, in one house style, with PNG and SVG export. */
package org.cegi.plots;
