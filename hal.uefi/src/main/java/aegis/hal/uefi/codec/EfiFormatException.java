package aegis.hal.uefi.codec;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * Bytes that are not a well-formed UEFI structure (an EFI variable, an {@code EFI_LOAD_OPTION}, a
 * device path, an {@code EFI_SIGNATURE_LIST}). The message names what was being read and the byte
 * offset where it went wrong; {@link #code()} is always {@link ErrorCode#BAD_FORMAT}. Immutable.
 */
public class EfiFormatException extends HalException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final int offset;

    /**
     * @param what    the structure being read, for example {@code "EFI_LOAD_OPTION"}
     * @param offset  the byte offset, from the start of the bytes given to the parser
     * @param problem what is wrong there
     */
    public EfiFormatException(String what, int offset, String problem) {
        super(ErrorCode.BAD_FORMAT, what + " at byte " + offset + ": " + problem);
        this.what = what;
        this.offset = offset;
    }

    /** @return the structure being read */
    public String what() {
        return what;
    }

    /** @return the byte offset of the problem */
    public int offset() {
        return offset;
    }
}
