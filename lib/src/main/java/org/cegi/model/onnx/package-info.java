/**
 * ONNX models: a hand-written ONNX writer (inline or external tensor data) and the runtime for decoder-only exports
 * in the Hugging Face optimum / transformers.js layout, including their quantized siblings, on ONNX Runtime through
 * DJL's OnnxRuntime engine.
 */
package org.cegi.model.onnx;
