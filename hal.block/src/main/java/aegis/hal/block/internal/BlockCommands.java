package aegis.hal.block.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import aegis.hal.api.error.HalException;
import aegis.hal.api.json.Json;
import aegis.hal.block.BlockService;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.PartitionTable;
import aegis.hal.block.spi.BlockAttributeSource;

/** The {@code hal:lsblk} and {@code hal:partitions} shell commands. They return text or JSON; they never print. */
@Component(service = Object.class, property = {"osgi.command.scope=hal", "osgi.command.function=lsblk",
        "osgi.command.function=partitions"})
public final class BlockCommands {
    private final BlockService block;
    private final List<BlockAttributeSource> sources = new CopyOnWriteArrayList<>();

    /** @param block the block service */
    @Activate
    public BlockCommands(@Reference(name = "block") BlockService block) {
        this.block = block;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(BlockAttributeSource s) {
        sources.add(s);
    }

    void removeSource(BlockAttributeSource s) {
        sources.remove(s);
    }

    /**
     * Lists block devices like {@code lsblk}.
     *
     * @param json whether to answer in JSON (keys as {@code lsblk --json -b})
     * @param all  whether to include loop devices with nothing attached
     * @return the listing
     */
    @Descriptor("lists block devices and their partitions, like lsblk (sizes in bytes)")
    public String lsblk(
            @Descriptor("answer in JSON, keyed like lsblk --json -b") @Parameter(names = "--json", presentValue = "true",
                    absentValue = "false") boolean json,
            @Descriptor("also list empty loop devices") @Parameter(names = {"-a", "--all"}, presentValue = "true",
                    absentValue = "false") boolean all) {
        try {
            List<BlockDeviceInfo> devices = block.devices();
            return json ? Json.pretty(BlockFormat.lsblk(devices, all, this::attributes))
                    : BlockFormat.lsblkText(devices, all);
        } catch (HalException e) {
            return "error: " + e.code() + ": " + e.getMessage() + "\n";
        }
    }

    /**
     * Shows the partition table of a block device or image file like {@code sfdisk --json}.
     *
     * @param json       whether to answer in JSON
     * @param sectorSize sector size for an image file, 0 to guess
     * @param target     a device name, {@code /dev/block/<name>}, a host device node or an image file
     * @return the table, or a message naming the target
     */
    @Descriptor("shows the partition table of a block device or image file, like sfdisk --json")
    public String partitions(
            @Descriptor("answer in JSON, keyed like sfdisk --json") @Parameter(names = "--json", presentValue = "true",
                    absentValue = "false") boolean json,
            @Descriptor("logical sector size of an image file (0 = guess)") @Parameter(names = "--sector-size",
                    absentValue = "0") int sectorSize,
            @Descriptor("block device name (nvme0n1), /dev/block/<name>, /dev/<name>, or image file")
            String target) {
        try {
            Optional<PartitionTable> t = block.partitionTable(target, sectorSize);
            if (t.isEmpty()) {
                return "error: NOT_FOUND: " + target + " does not contain a recognized partition table\n";
            }
            return json ? Json.pretty(BlockFormat.sfdisk(t.get(), target)) : BlockFormat.sfdiskText(t.get(), target);
        } catch (HalException e) {
            return "error: " + e.code() + ": " + e.getMessage() + "\n";
        }
    }

    private Map<String, Object> attributes(String id) {
        for (BlockAttributeSource s : sources) {
            Map<String, Object> m = s.attributes(id);
            if (m != null && !m.isEmpty()) {
                return m;
            }
        }
        return Map.of();
    }
}
