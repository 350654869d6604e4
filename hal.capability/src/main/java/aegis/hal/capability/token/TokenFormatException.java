package aegis.hal.capability.token;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * A token's bytes or text do not have the version-1 format; the message names what and the byte
 * offset. Immutable.
 */
public final class TokenFormatException extends HalException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param offset the byte offset of the problem
     * @param what   what was wrong
     */
    public TokenFormatException(int offset, String what) {
        super(ErrorCode.BAD_FORMAT, "malformed token at byte " + offset + ": " + what);
        this.offset = offset;
    }

    /** @return the byte offset of the problem */
    public int offset() {
        return offset;
    }
}
