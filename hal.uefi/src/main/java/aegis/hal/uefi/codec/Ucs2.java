package aegis.hal.uefi.codec;

/** UCS-2 (UTF-16LE without surrogates) as UEFI uses it. Stateless, thread-safe. */
public final class Ucs2 {
    private Ucs2() {
    }

    /**
     * @param s          the text
     * @param terminated whether to append a NUL
     * @return the UCS-2 bytes
     * @throws EfiFormatException if the text has a NUL or a character outside the Basic
     *                            Multilingual Plane; the offset is the character index
     */
    public static byte[] encode(String s, boolean terminated) throws EfiFormatException {
        byte[] b = new byte[2 * s.length() + (terminated ? 2 : 0)];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || Character.isSurrogate(c)) {
                throw new EfiFormatException("UCS-2 text", i, c == 0 ? "contains NUL" : "character outside UCS-2");
            }
            Le.put16(b, 2 * i, c);
        }
        return b;
    }
}
