package aegis.hal.block.partition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed partition table. Immutable.
 *
 * @param scheme         GPT or MBR
 * @param id             GPT: the disk GUID in upper case; MBR: the disk identifier as
 *                       {@code 0x%08x}, as sfdisk prints it
 * @param sectorSize     the logical sector size the table was read with
 * @param sectorCount    the size of the device in sectors
 * @param firstUsableLba GPT: the first usable sector; MBR: 0
 * @param lastUsableLba  GPT: the last usable sector; MBR: the last sector of the device
 * @param partitions     the used partitions in number order (MBR: primaries and the extended
 *                       container, then logical partitions)
 * @param header         GPT: the header that was used (primary or backup); MBR: empty
 * @param usedBackup     GPT: whether the primary header or array was bad and the backup was used
 * @param warnings       problems that did not stop the parse, each naming the byte offset (a bad
 *                       primary GPT replaced by the backup, a bad backup, an EBR without signature)
 */
public record PartitionTable(Scheme scheme, String id, int sectorSize, long sectorCount, long firstUsableLba,
        long lastUsableLba, List<Partition> partitions, Optional<GptHeader> header, boolean usedBackup,
        List<String> warnings) {
    /** Validates and copies the components. */
    public PartitionTable {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(id, "id");
        partitions = List.copyOf(partitions);
        header = Objects.requireNonNull(header, "header");
        warnings = List.copyOf(warnings);
    }

    /**
     * @param number a partition number
     * @return the partition with that number, if the table has it
     */
    public Optional<Partition> partition(int number) {
        return partitions.stream().filter(p -> p.number() == number).findFirst();
    }
}
