package aegis.hal.block.internal.jna;

/** Names of the errno values the block code reports (Linux numbers). Stateless. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    static final int EROFS = 30;

    private Errno() {
    }

    static String describe(int errno) {
        String name = switch (errno) {
            case EPERM -> "EPERM (Operation not permitted)";
            case ENOENT -> "ENOENT (No such file or directory)";
            case EIO -> "EIO (Input/output error)";
            case ENXIO -> "ENXIO (No such device or address)";
            case EACCES -> "EACCES (Permission denied)";
            case EBUSY -> "EBUSY (Device or resource busy)";
            case ENODEV -> "ENODEV (No such device)";
            case EINVAL -> "EINVAL (Invalid argument)";
            case ENOTTY -> "ENOTTY (not a block device)";
            case EROFS -> "EROFS (Read-only file system)";
            default -> "errno " + errno;
        };
        return name;
    }
}
