package aegis.hal.uefi.model;

import java.util.Optional;

/**
 * One Boot#### variable: its number and its decoded load option, or why it could not be decoded.
 *
 * @param name   the variable name as stored, for example {@code Boot0001}
 * @param number the option number (the four hex digits)
 * @param option the decoded load option; empty when {@link #error()} is present
 * @param error  why the variable could not be decoded (the message names the byte offset)
 */
public record BootEntry(String name, int number, Optional<LoadOption> option, Optional<String> error) {
    /** @return the device id of this entry, for example {@code uefi:boot0001} */
    public String deviceId() {
        return "uefi:boot" + String.format("%04x", number);
    }
}
