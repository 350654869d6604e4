package aegis.hal.api.error;

/**
 * Stable error codes. The name of each constant is part of the API: scripts and remote callers
 * match on it, so a constant is never renamed or reused for another meaning.
 */
public enum ErrorCode {
    /** An id, path or name does not exist. */
    NOT_FOUND,
    /** An argument or configuration value is invalid; nothing was changed. */
    INVALID_ARGUMENT,
    /** Bytes or text from the host or a caller do not have the expected format. */
    BAD_FORMAT,
    /** The caller's capabilities do not cover the operation. */
    PERMISSION_DENIED,
    /** The grant that covered the operation was revoked (a distinct kind of permission denial). */
    REVOKED,
    /** The grant that covered the operation expired (a distinct kind of permission denial). */
    EXPIRED,
    /** The device went away (unplugged, unbound or removed) while it was in use. */
    DEVICE_GONE,
    /** A probe cannot complete yet; it waits for another device or driver. */
    DEFERRED,
    /** A driver callback did not finish before its deadline. */
    TIMEOUT,
    /** A driver callback threw or reported a failure. */
    DRIVER_FAILED,
    /** The driver is quarantined after repeated failures. */
    QUARANTINED,
    /** The operation conflicts with the current state (for example suspending an unbound device). */
    CONFLICT,
    /** The host does not offer what the operation needs (no such kernel interface, no library). */
    UNSUPPORTED,
    /** Reading or writing the host failed. */
    IO
}
