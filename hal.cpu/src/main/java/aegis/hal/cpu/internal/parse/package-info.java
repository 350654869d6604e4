/** Parsers of the kernel's CPU text files and of raw CPUID bytes: pure code, no I/O. */
package aegis.hal.cpu.internal.parse;
