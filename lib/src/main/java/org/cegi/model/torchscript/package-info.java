/** TorchScript on DJL's PyTorch engine: an archive writer ({@code torch.jit.save} layout) and a cached decoder runtime. */
package org.cegi.model.torchscript;
