/** The device model: what a device is, its class, its lifecycle state and the properties it carries. */
@Export
@Version("1.0.0")
package aegis.hal.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
