/** The driver contract: how a driver scores, probes, suspends, resumes and releases a device. */
@Export
@Version("1.0.0")
package aegis.hal.api.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
