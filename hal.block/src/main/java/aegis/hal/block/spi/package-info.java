/** Interfaces that block drivers implement to add their own attributes to the devices they bind. */
@Export
@Version("1.0.0")
package aegis.hal.block.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
