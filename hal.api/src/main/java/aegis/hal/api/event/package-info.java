/** EventAdmin topics and event property names that Aegis HAL publishes. */
@Export
@Version("1.0.0")
package aegis.hal.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
