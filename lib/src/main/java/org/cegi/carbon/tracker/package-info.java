/**
 * Interoperability with other trackers: converts a {@link org.cegi.measure.Measurement} to
 * {@link org.cegi.carbon.Emissions}, writes and reads CodeCarbon- and Eco2AI-compatible CSV rows, and emits the
 * Hugging Face model-card {@code co2_eq_emissions} block.
 */
package org.cegi.carbon.tracker;
