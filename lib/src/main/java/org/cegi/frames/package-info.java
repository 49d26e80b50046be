/** Tablesaw tables built from CEGI results, measurements and run results; helpers never mutate their input. */
package org.cegi.frames;
