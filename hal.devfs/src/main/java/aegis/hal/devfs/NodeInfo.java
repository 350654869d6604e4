package aegis.hal.devfs;

import java.util.List;

/**
 * A device node as a caller sees it.
 *
 * @param path     the canonical path, for example {@code /dev/block/nvme0n1}
 * @param deviceId the device behind it
 * @param kind     char or block
 * @param driver   the name of the driver serving it, or {@code ""} while unbound
 * @param bound    whether a driver serves it now (only then can it be opened)
 * @param aliases  other paths that lead to it ({@code /dev/by-id/...}, {@code /dev/by-path/...})
 */
public record NodeInfo(String path, String deviceId, NodeKind kind, String driver, boolean bound,
        List<String> aliases) {
    /** Copies the list. */
    public NodeInfo {
        aliases = List.copyOf(aliases);
    }
}
