/** ACPI as read from the firmware: validated tables, decoded table bodies, the AML namespace and its devices. */
@Export
@Version("1.0.0")
package aegis.hal.acpi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
