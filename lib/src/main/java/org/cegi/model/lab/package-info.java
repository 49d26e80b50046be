/**
 * The embedded Green-AI lab: seeded synthetic task data, a small Qwen2-style decoder trained with DJL on the PyTorch
 * engine, LoRA fine-tuning, merged and quantized variants written in the ONNX layout the runtime loads, and the
 * energy of every training and quantization step measured for CEGI.
 */
package org.cegi.model.lab;
