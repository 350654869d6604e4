package aegis.hal.api.error;

import java.util.Objects;

/**
 * A checked exception for expected conditions of hardware and of the runtime (device gone,
 * permission denied, bad format, ...). Each carries a stable {@link ErrorCode}. Instances are
 * immutable and safe to pass between threads.
 */
public class HalException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code    the stable error code, never {@code null}
     * @param message what went wrong and where, for a person to read
     */
    public HalException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @param code    the stable error code, never {@code null}
     * @param message what went wrong and where, for a person to read
     * @param cause   the underlying failure
     */
    public HalException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** @return the stable error code of this failure */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
