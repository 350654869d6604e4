/** The block subsystem's service API: enumerate disks and partitions, read partition tables, open sector I/O handles. */
@Export
@Version("1.0.0")
package aegis.hal.block;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
