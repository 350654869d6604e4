/** Registration of device services through service factories that hand them out only to bundles whose grants cover them. */
@Export
@Version("1.0.0")
package aegis.hal.capability.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
