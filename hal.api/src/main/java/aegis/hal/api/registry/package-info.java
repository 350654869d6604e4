/** The registry query and control API (devices, drivers, bindings, power) and its immutable records. */
@Export
@Version("1.0.0")
package aegis.hal.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
