/**
 * ONNX models: a hand-written ONNX writer and the runtime for decoder-only exports in the Hugging Face optimum /
 * transformers.js layout, on ONNX Runtime through DJL's OnnxRuntime engine.
 */
package org.cegi.model.onnx;
