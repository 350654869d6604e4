/** The CPU subsystem API: topology, caches, features, CPUID, cpufreq, usage, temperature and per-CPU storage. */
@Export
@Version("1.0.0")
package aegis.hal.cpu;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
