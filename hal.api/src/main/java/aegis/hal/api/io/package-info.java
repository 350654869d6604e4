/** Files the runtime keeps in its data areas: crash-safe replacement. */
@Export
@Version("1.0.0")
package aegis.hal.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
