/** The UEFI service: EFI variables, the boot manager and the Secure Boot state of the host. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package aegis.hal.uefi;
