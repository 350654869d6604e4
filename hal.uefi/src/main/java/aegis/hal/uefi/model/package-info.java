/** Immutable records describing EFI variables, load options, device paths and Secure Boot state. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package aegis.hal.uefi.model;
