package aegis.hal.devfs;

/** The kind of a device node, as in Unix. */
public enum NodeKind {
    /** A byte-stream or message device (audio PCM, input, GPU card, USB device, ...). */
    CHAR,
    /** A random-access device addressed in blocks (disks, partitions). */
    BLOCK;

    /** Service property of a Device naming its node kind ({@code char} or {@code block}). */
    public static final String PROPERTY = "aegis.hal.device.devfs.kind";
}
