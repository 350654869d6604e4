/** Host access: the one root through which every bundle reads the host's /sys, /proc and /dev. */
@Export
@Version("1.0.0")
package aegis.hal.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
