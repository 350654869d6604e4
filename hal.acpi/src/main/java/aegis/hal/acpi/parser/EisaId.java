package aegis.hal.acpi.parser;

/** Decodes compressed EISA ids ({@code EisaId("PNP0A08")} in ASL, a 32-bit integer in AML). Stateless, thread-safe. */
public final class EisaId {
    private EisaId() {
    }

    /**
     * @param value the integer as the AML holds it (for example 0x080AD041)
     * @return the seven-character id (for example {@code PNP0A08}); ids whose vendor letters are
     *         out of range decode to {@code 0x<hex>} of the value
     */
    public static String decode(long value) {
        if ((value & 0xFFFFFFFF00000000L) != 0) {
            return hex(value);
        }
        int b0 = (int) (value & 0xFF);
        int b1 = (int) (value >>> 8 & 0xFF);
        int b2 = (int) (value >>> 16 & 0xFF);
        int b3 = (int) (value >>> 24 & 0xFF);
        int vendor = b0 << 8 | b1;
        if ((vendor & 0x8000) != 0) {
            return hex(value);
        }
        char c1 = (char) ((vendor >>> 10 & 0x1F) + 0x40);
        char c2 = (char) ((vendor >>> 5 & 0x1F) + 0x40);
        char c3 = (char) ((vendor & 0x1F) + 0x40);
        if (!letter(c1) || !letter(c2) || !letter(c3)) {
            return hex(value);
        }
        return "" + c1 + c2 + c3 + String.format("%02X%02X", b2, b3);
    }

    private static boolean letter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
    }
}
