/** Errors shared by every Aegis HAL bundle, each with a stable error code. */
@Export
@Version("1.1.0")
package aegis.hal.api.error;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
