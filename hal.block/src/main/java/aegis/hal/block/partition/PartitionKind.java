package aegis.hal.block.partition;

/** What kind of table slot a partition came from. */
public enum PartitionKind {
    /** An entry of a GPT partition array. */
    GPT,
    /** One of the four MBR slots, not an extended container. */
    PRIMARY,
    /** An MBR slot that holds the chain of logical partitions (types 0x05, 0x0f, 0x85). */
    EXTENDED,
    /** A partition described by an extended boot record (numbers 5 and up). */
    LOGICAL
}
