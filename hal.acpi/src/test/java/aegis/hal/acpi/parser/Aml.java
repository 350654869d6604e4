package aegis.hal.acpi.parser;

import java.io.ByteArrayOutputStream;

/** Builds small AML tables byte by byte for tests. */
final class Aml {
    private Aml() {
    }

    /** A definition block with a valid header and checksum around the given AML. */
    static byte[] table(String sig, int... aml) {
        byte[] t = new byte[36 + aml.length];
        byte[] s = sig.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, t, 0, 4);
        int len = t.length;
        t[4] = (byte) len;
        t[5] = (byte) (len >>> 8);
        t[6] = (byte) (len >>> 16);
        t[8] = 2;
        System.arraycopy("AEGIS TESTTEST".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, t, 10, 14);
        for (int i = 0; i < aml.length; i++) {
            t[36 + i] = (byte) aml[i];
        }
        fixChecksum(t);
        return t;
    }

    static void fixChecksum(byte[] t) {
        t[9] = 0;
        t[9] = (byte) -TableDecoder.checksum(t);
    }

    /** A PkgLength encoding of {@code len} (which counts the encoding itself). */
    static int[] pkgLength(int contentLength) {
        if (contentLength + 1 < 0x40) {
            return new int[] {contentLength + 1};
        }
        int len = contentLength + 2;
        if (len < 0x1000) {
            return new int[] {0x40 | (len & 0x0F), len >>> 4};
        }
        len = contentLength + 3;
        return new int[] {0x80 | (len & 0x0F), (len >>> 4) & 0xFF, len >>> 12};
    }

    static int[] concat(int[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] p : parts) {
            for (int x : p) {
                out.write(x);
            }
        }
        byte[] b = out.toByteArray();
        int[] r = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[i] & 0xFF;
        }
        return r;
    }

    static int[] name(String seg) {
        return seg.chars().toArray();
    }
}
