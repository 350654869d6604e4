package aegis.hal.block.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes the SCSI Unit Serial Number VPD page (0x80) that sysfs exposes as {@code vpd_pg80}: byte 1
 * is the page code, bytes 2-3 the big-endian length, then the serial in ASCII (space padded). Plain
 * Java over bytes; stateless.
 */
final class ScsiVpd {
    private ScsiVpd() {
    }

    /**
     * @param page the raw page
     * @return the trimmed serial, or empty when the page is short, of another code, or its length
     *         runs past the data
     */
    static Optional<String> serial(byte[] page) {
        if (page == null || page.length < 4 || (page[1] & 0xff) != 0x80) {
            return Optional.empty();
        }
        int len = (page[2] & 0xff) << 8 | (page[3] & 0xff);
        if (len > page.length - 4) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(len);
        for (int i = 4; i < 4 + len; i++) {
            int c = page[i] & 0xff;
            if (c == 0) {
                break;
            }
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        String s = sb.toString().trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(new String(s.getBytes(StandardCharsets.US_ASCII),
                StandardCharsets.US_ASCII));
    }
}
