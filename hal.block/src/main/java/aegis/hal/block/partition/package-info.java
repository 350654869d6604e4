/** GPT and MBR partition tables: immutable records and pure parsers over sector bytes (no I/O, no native code). */
@Export
@Version("1.0.0")
package aegis.hal.block.partition;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
