/** The sysfs API: typed attributes under {@code /sys/hal}, the permission-checked {@link aegis.hal.sysfs.SysFs} service and its change events. */
@Export
@Version("1.1.0")
package aegis.hal.sysfs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
