package aegis.hal.uefi;

import aegis.hal.api.error.HalException;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.EfiVariable;
import aegis.hal.uefi.model.SecureBootState;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The UEFI firmware of the host as efivarfs shows it ({@code <root>/sys/firmware/efi/efivars}).
 * Every read is live: it reads the variables at the time of the call and returns an immutable
 * snapshot. On a host without {@code <root>/sys/firmware/efi} every method but
 * {@link #isEfiSystem()} throws a {@link HalException} with code {@code UNSUPPORTED} and the
 * message "not an EFI system".
 *
 * <p>Writes change firmware variables. They are refused ({@code PERMISSION_DENIED}) unless the
 * bundle's configuration enables them (until capability checks exist), and they are serialised:
 * two writes never interleave. Implementations are thread-safe.
 */
@ProviderType
public interface UefiService {
    /** @return whether the host has {@code /sys/firmware/efi} (booted through UEFI) */
    boolean isEfiSystem();

    /**
     * Lists all variables.
     *
     * @return the variables, sorted by name then vendor GUID
     * @throws HalException UNSUPPORTED on a non-EFI host, IO if the directory cannot be read
     */
    List<EfiVariable> variables() throws HalException;

    /**
     * Reads the boot manager variables. A Boot#### variable that does not decode is reported in
     * its {@code BootEntry.error()}, not thrown.
     *
     * @return BootCurrent, BootNext, Timeout, BootOrder and every Boot#### entry
     * @throws HalException UNSUPPORTED on a non-EFI host, IO if a variable cannot be read,
     *                      BAD_FORMAT if BootOrder has an odd length
     */
    BootManager bootManager() throws HalException;

    /**
     * Reads the Secure Boot state. A key database that does not decode is reported in its
     * {@code SignatureDatabase.error()}, not thrown.
     *
     * @return SecureBoot, SetupMode, AuditMode, DeployedMode and summaries of PK, KEK, db, dbx
     * @throws HalException UNSUPPORTED on a non-EFI host, IO if a variable cannot be read
     */
    SecureBootState secureBoot() throws HalException;

    /**
     * Replaces BootOrder.
     *
     * @param order option numbers, each of an existing Boot#### entry, no duplicates
     * @throws HalException PERMISSION_DENIED if writes are disabled, INVALID_ARGUMENT for an empty
     *                      list, a duplicate or a number outside 0..0xFFFF, NOT_FOUND for a number
     *                      without an entry (nothing is changed then), IO if the write fails
     */
    void setBootOrder(List<Integer> order) throws HalException;

    /**
     * Sets BootNext.
     *
     * @param number the option to boot next time, of an existing Boot#### entry
     * @throws HalException PERMISSION_DENIED if writes are disabled, NOT_FOUND if there is no such
     *                      entry, IO if the write fails
     */
    void setBootNext(int number) throws HalException;

    /**
     * Creates a Boot#### entry with the lowest free number and puts it first in BootOrder, as
     * {@code efibootmgr -c} does.
     *
     * @param description  the description, UCS-2 without NUL
     * @param devicePath   the binary device path list, ending with an end node
     *                     (see {@code aegis.hal.uefi.codec.DevicePathText})
     * @param optionalData the optional data, may be empty
     * @param active       whether the entry is active
     * @return the number of the new entry
     * @throws HalException PERMISSION_DENIED if writes are disabled, BAD_FORMAT if the description
     *                      or the path is invalid, CONFLICT if all 65536 numbers are taken, IO if a
     *                      write fails
     */
    int createBootEntry(String description, byte[] devicePath, byte[] optionalData, boolean active)
            throws HalException;

    /**
     * Deletes a Boot#### entry and removes it from BootOrder (deleting BootOrder when it becomes
     * empty), as {@code efibootmgr -b N -B} does.
     *
     * @param number the option number
     * @throws HalException PERMISSION_DENIED if writes are disabled, NOT_FOUND if there is no such
     *                      entry, IO if a write fails
     */
    void deleteBootEntry(int number) throws HalException;
}
