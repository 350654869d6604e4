package aegis.hal.uefi.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The efivarfs file format: the name {@code <Name>-<GUID>}, the content 4 bytes of little-endian
 * attributes followed by the data; and the small fixed-size variables (u16 lists and values).
 * Stateless, thread-safe.
 */
public final class EfiVariables {
    /** {@code EFI_VARIABLE_NON_VOLATILE}. */
    public static final long NON_VOLATILE = 0x1;
    /** {@code EFI_VARIABLE_BOOTSERVICE_ACCESS}. */
    public static final long BOOTSERVICE_ACCESS = 0x2;
    /** {@code EFI_VARIABLE_RUNTIME_ACCESS}. */
    public static final long RUNTIME_ACCESS = 0x4;
    /** NV, BS and RT: what the boot manager variables use. */
    public static final long NV_BS_RT = NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS;

    private static final String[] ATTRIBUTE_NAMES = {"NV", "BS", "RT", "HW_ERROR_RECORD",
        "AUTHENTICATED_WRITE_ACCESS", "TIME_BASED_AUTHENTICATED_WRITE_ACCESS", "APPEND_WRITE",
        "ENHANCED_AUTHENTICATED_ACCESS"};
    private static final Pattern FILE_NAME = Pattern.compile(
            "(.+)-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    private EfiVariables() {
    }

    /**
     * The content of an efivarfs file, split.
     *
     * @param attributes the attribute bits
     * @param data       the data
     */
    public record Content(long attributes, byte[] data) {
    }

    /**
     * Splits an efivarfs file.
     *
     * @param file the file content
     * @return attributes and data
     * @throws EfiFormatException if the file is shorter than the 4-byte attribute header
     */
    public static Content split(byte[] file) throws EfiFormatException {
        Le.need(file, 0, 4, "efivarfs attribute header");
        return new Content(Le.u32(file, 0), Arrays.copyOfRange(file, 4, file.length));
    }

    /**
     * Joins attributes and data into the bytes of one efivarfs write.
     *
     * @param attributes the attribute bits
     * @param data       the data
     * @return the file content
     */
    public static byte[] join(long attributes, byte[] data) {
        byte[] b = new byte[4 + data.length];
        Le.put32(b, 0, attributes);
        System.arraycopy(data, 0, b, 4, data.length);
        return b;
    }

    /**
     * @param attributes attribute bits
     * @return the names of the set bits; unknown bits as {@code 0x...}
     */
    public static List<String> attributeNames(long attributes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            if ((attributes & (1L << i)) != 0) {
                names.add(i < ATTRIBUTE_NAMES.length ? ATTRIBUTE_NAMES[i] : "0x" + Long.toHexString(1L << i));
            }
        }
        return names;
    }

    /**
     * A parsed efivarfs file name.
     *
     * @param name   the variable name
     * @param vendor the vendor GUID
     */
    public record Name(String name, UUID vendor) {
        /** @return the efivarfs file name */
        public String fileName() {
            return name + "-" + vendor;
        }
    }

    /**
     * @param fileName an efivarfs file name
     * @return the name and GUID, or empty if it is not of the form {@code <Name>-<GUID>}
     */
    public static Optional<Name> parseName(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        return m.matches() ? Optional.of(new Name(m.group(1), UUID.fromString(m.group(2)))) : Optional.empty();
    }

    /**
     * Decodes a list of u16 (BootOrder).
     *
     * @param data the data
     * @return the values
     * @throws EfiFormatException if the length is odd
     */
    public static List<Integer> u16List(byte[] data) throws EfiFormatException {
        if (data.length % 2 != 0) {
            throw new EfiFormatException("u16 list", data.length - 1, "odd length " + data.length);
        }
        List<Integer> l = new ArrayList<>(data.length / 2);
        for (int i = 0; i < data.length; i += 2) {
            l.add(Le.u16(data, i));
        }
        return l;
    }

    /**
     * @param values u16 values
     * @return their little-endian bytes
     */
    public static byte[] u16Bytes(List<Integer> values) {
        byte[] b = new byte[2 * values.size()];
        for (int i = 0; i < values.size(); i++) {
            Le.put16(b, 2 * i, values.get(i));
        }
        return b;
    }

    /**
     * Decodes a single u16 (BootNext, BootCurrent, Timeout).
     *
     * @param data the data
     * @return the value
     * @throws EfiFormatException if the data is not exactly 2 bytes
     */
    public static int u16(byte[] data) throws EfiFormatException {
        if (data.length != 2) {
            throw new EfiFormatException("u16 variable", 0, "size " + data.length + " is not 2");
        }
        return Le.u16(data, 0);
    }
}
