/**
 * Energy probes and the unit values {@link org.cegi.energy.Energy} and {@link org.cegi.energy.Power} that every
 * higher layer uses: {@link org.cegi.energy.NvmlProbe} (GPU, NVML over JNA: counter, else sampled power),
 * {@link org.cegi.energy.RaplProbe} (CPU packages via powercap), {@link org.cegi.energy.CpuEstimateProbe} (TDP ×
 * CPU share, from the bundled tables of {@link org.cegi.energy.CpuTdp}), {@link org.cegi.energy.RamProbe} (W per
 * GB resident), {@link org.cegi.energy.FakeProbe} and {@link org.cegi.energy.ReplayProbe}. Every figure says how
 * it was obtained ({@link org.cegi.energy.Method}). JNA is used only in this package.
 */
package org.cegi.energy;
