/**
 * Energy probes (NVML for GPUs, RAPL or an estimate for CPUs, RAM, fake and replay) and the unit values
 * {@link org.cegi.energy.Energy} and {@link org.cegi.energy.Power} that every higher layer uses.
 */
package org.cegi.energy;
