/**
 * The training engine of the lab: a Qwen2-style decoder with LoRA adapters trained with DJL on the PyTorch engine
 * ({@link org.cegi.model.lab.DecoderTrainer}), exported as weights for the ONNX fixture writer. The lab itself (data,
 * measured runs, scoring, CEGI) is {@link org.cegi.lab}.
 */
package org.cegi.model.lab;
