/** JSON output for shell commands and tools: one writer every bundle shares. */
@Export
@Version("1.0.0")
package aegis.hal.api.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
