/** The capability API: permissions, signed tokens, principals, and the checks that devfs, sysfs and service factories call. */
@Export
@Version("1.1.0")
package aegis.hal.capability.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
