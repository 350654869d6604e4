package aegis.hal.block.partition;

/** Little-endian reads from byte arrays; callers check bounds first. Stateless. */
final class Le {
    private Le() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    static long u64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    /** @return whether the sector ends with the 0x55 0xAA boot signature at bytes 510-511 */
    static boolean bootSignature(byte[] sector) {
        return sector.length >= 512 && (sector[510] & 0xff) == 0x55 && (sector[511] & 0xff) == 0xaa;
    }

    /** @return the mixed-endian GUID at {@code off}, upper case, or {@code null} when all zero */
    static String guid(byte[] b, int off) {
        boolean zero = true;
        for (int i = 0; i < 16; i++) {
            if (b[off + i] != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return null;
        }
        StringBuilder sb = new StringBuilder(36);
        hex(sb, u32(b, off), 8);
        sb.append('-');
        hex(sb, u16(b, off + 4), 4);
        sb.append('-');
        hex(sb, u16(b, off + 6), 4);
        sb.append('-');
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                sb.append('-');
            }
            hex(sb, b[off + i] & 0xff, 2);
        }
        return sb.toString();
    }

    private static void hex(StringBuilder sb, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(Character.toUpperCase(Character.forDigit((int) (v >>> (4 * i)) & 0xf, 16)));
        }
    }
}
