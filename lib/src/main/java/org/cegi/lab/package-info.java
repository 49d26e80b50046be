/**
 * The embedded Green-AI lab: synthetic task data, a base model trained and then LoRA fine-tuned inside measured
 * windows (the DJL training engine is {@link org.cegi.model.lab}), quantized variants in the ONNX layout the
 * runtimes load, their held-out scores, and the CEGI of the fine-tuning.
 */
package org.cegi.lab;
