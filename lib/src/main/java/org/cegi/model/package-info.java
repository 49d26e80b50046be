/**
 * Model variants, their catalog, configuration and the engine-independent values of generation (options,
 * results, per-request figures). Runtimes live in sub-packages ({@code model.onnx}); DJL is imported only there.
 */
package org.cegi.model;
