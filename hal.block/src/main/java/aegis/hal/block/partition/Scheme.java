package aegis.hal.block.partition;

/** The partitioning scheme of a table. */
public enum Scheme {
    /** GUID Partition Table (UEFI); sfdisk calls it {@code gpt}. */
    GPT("gpt"),
    /** The PC (DOS) master boot record with extended/logical chains; sfdisk calls it {@code dos}. */
    MBR("dos");

    private final String label;

    Scheme(String label) {
        this.label = label;
    }

    /** @return the label name that sfdisk and lsblk use ({@code gpt} or {@code dos}) */
    public String label() {
        return label;
    }
}
