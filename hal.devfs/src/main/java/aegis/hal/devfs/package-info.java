/** devfs: the one /dev namespace of device nodes, opened with capability checks on every call. */
@Export
@Version("1.0.0")
package aegis.hal.devfs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
