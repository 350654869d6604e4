/** Immutable records describing block devices (disks, partitions, loop and zram devices) as the host shows them. */
@Export
@Version("1.0.0")
package aegis.hal.block.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
