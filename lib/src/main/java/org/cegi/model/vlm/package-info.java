/**
 * Vision-language models (Qwen2-VL family) in the Hugging Face ONNX layout: image loading and preprocessing, image-token
 * expansion, multimodal rotary positions and generation on the text runtime's loop.
 */
package org.cegi.model.vlm;
