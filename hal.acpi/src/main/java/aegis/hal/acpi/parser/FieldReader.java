package aegis.hal.acpi.parser;

import aegis.hal.acpi.GenericAddress;
import aegis.hal.acpi.TableField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Reads little-endian fields of a table in order and records each as {@code iasl -d} shows it.
 * Every read is checked against the table's end. Not thread-safe; one per decode.
 */
final class FieldReader {
    /** A field that does not fit in the table. */
    static final class Truncated extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        Truncated(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private final byte[] b;
    private final int limit;
    private final List<TableField> fields = new ArrayList<>();
    private int pos;
    private int flagsOffset;

    FieldReader(byte[] b, int limit, int pos) {
        this.b = b;
        this.limit = Math.min(limit, b.length);
        this.pos = pos;
    }

    int pos() {
        return pos;
    }

    void seek(int p) {
        pos = p;
    }

    byte[] bytes() {
        return b;
    }

    int limit() {
        return limit;
    }

    List<TableField> fields() {
        return fields;
    }

    private void need(String name, int len) throws Truncated {
        if (pos < 0 || len > limit - pos) {
            throw new Truncated(pos, "field '" + name + "' (" + len + " bytes at offset 0x"
                    + Integer.toHexString(pos) + ") runs past the end of the table at 0x" + Integer.toHexString(limit));
        }
    }

    long peek(int at, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    long num(String name, int len) throws Truncated {
        return num(name, len, null);
    }

    long num(String name, int len, LongFunction<String> meaning) throws Truncated {
        need(name, len);
        long v = peek(pos, len);
        String text = hex(v, len * 2);
        if (meaning != null) {
            text += " [" + meaning.apply(v) + "]";
        }
        fields.add(new TableField(pos, len, name, text));
        flagsOffset = pos;
        pos += len;
        return v;
    }

    String str(String name, int len) throws Truncated {
        need(name, len);
        String s = text(b, pos, len);
        fields.add(new TableField(pos, len, name, '"' + s + '"'));
        pos += len;
        return s;
    }

    /** Records a decoded bit (or bit group) of the flags field read last. */
    void bit(String name, long flags, int shift, int width) {
        long v = flags >>> shift & ((1L << width) - 1);
        fields.add(new TableField(flagsOffset, 0, name, Long.toString(v)));
    }

    GenericAddress gas(String name) throws Truncated {
        need(name, GenericAddress.SIZE);
        fields.add(new TableField(pos, GenericAddress.SIZE, name, "[Generic Address Structure]"));
        int space = (int) num("Space ID", 1, v -> GenericAddress.spaceName((int) v));
        int width = (int) num("Bit Width", 1);
        int offset = (int) num("Bit Offset", 1);
        int access = (int) num("Encoded Access Width", 1, FieldReader::accessName);
        long address = num("Address", 8);
        return new GenericAddress(space, width, offset, access, address);
    }

    static String accessName(long v) {
        return switch ((int) v) {
            case 0 -> "Undefined/Legacy";
            case 1 -> "Byte Access:8";
            case 2 -> "Word Access:16";
            case 3 -> "DWord Access:32";
            case 4 -> "QWord Access:64";
            default -> "Unknown Width";
        };
    }

    static String hex(long v, int digits) {
        String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
        return h.length() >= digits ? h : "0".repeat(digits - h.length()) + h;
    }

    static String text(byte[] b, int off, int len) {
        // as iasl prints it ("%.6s"): up to the first NUL, other non-printables as '?'
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int x = b[off + i] & 0xFF;
            if (x == 0) {
                break;
            }
            sb.append(x >= 0x20 && x < 0x7F ? (char) x : '?');
        }
        return sb.toString();
    }

    static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
