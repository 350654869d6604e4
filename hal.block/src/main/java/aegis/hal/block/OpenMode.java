package aegis.hal.block;

/** How a block handle is opened. */
public enum OpenMode {
    /** Reads only; a write fails. */
    READ,
    /** Reads and writes. */
    READ_WRITE
}
