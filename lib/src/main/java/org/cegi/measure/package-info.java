/**
 * Measurement windows over energy probes: {@link org.cegi.measure.EnergyMonitor} opens named windows that may
 * nest and overlap and yields {@link org.cegi.measure.Measurement}s with gross and net (idle-baseline subtracted)
 * energy per component, and optionally the Eco2AI-compatible figures of the same run.
 */
package org.cegi.measure;
