/** Plain-text output for shell commands: the aligned tables every bundle prints. */
@Export
@Version("1.0.0")
package aegis.hal.api.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
