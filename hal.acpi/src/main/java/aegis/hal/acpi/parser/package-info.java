/** Decoders of ACPI tables and the AML parser: plain Java over bytes, no I/O, bad input gives {@link aegis.hal.acpi.parser.AcpiFormatException}. */
@Export
@Version("1.0.0")
package aegis.hal.acpi.parser;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
