/**
 * The embedded Green-AI lab: synthetic task data, a base model trained and then LoRA fine-tuned per task inside measured
 * windows (the DJL training engine is {@link org.cegi.model.lab}), quantized variants in the ONNX layout the
 * runtimes load, their held-out scores (through the run engine's task prompts and metrics), a run plan for
 * {@code org.cegi.bench}, and the CEGI of each task's fine-tuning.
 */
package org.cegi.lab;
