/** The CPU subsystem's implementation: host readers, the CpuService, devices, the default driver and the shell. */
package aegis.hal.cpu.internal;
