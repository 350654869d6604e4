/** Pure-bytes codecs for EFI variables, load options, device paths and signature lists. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package aegis.hal.uefi.codec;
