package aegis.hal.devfs;

import java.util.List;

import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.Permission;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The {@code /dev} namespace. The service is bundle-scoped: each bundle gets its own instance, which
 * sees and opens only the nodes that bundle's capabilities cover. Nodes are the devfs paths of the
 * registered devices ({@code /dev/block/nvme0n1}, {@code /dev/audio/pcm0p}, ...); a device keeps its
 * node across driver changes, and aliases under {@code /dev/by-id} and {@code /dev/by-path} are
 * derived from what identifies the hardware (serial, model, host path), so they survive replug.
 * Thread-safe.
 */
@ProviderType
public interface DevFs {
    /**
     * Lists nodes at or below a directory.
     *
     * @param dir a directory such as {@code /dev} or {@code /dev/block}
     * @return the visible nodes whose canonical path lies below {@code dir}, sorted by path
     */
    List<NodeInfo> list(String dir);

    /**
     * @param path a node path or alias
     * @return the node
     * @throws HalException {@code NOT_FOUND} for an unknown or invisible path
     */
    NodeInfo stat(String path) throws HalException;

    /**
     * Opens a node.
     *
     * @param path        a node path or alias
     * @param permissions what the handle will do: READ to read, WRITE to write, EXECUTE to control
     * @return the handle
     * @throws HalException {@code NOT_FOUND} for an unknown or invisible path, {@code PERMISSION_DENIED}
     *                      naming what is missing, {@code DEVICE_GONE} if no driver serves it now,
     *                      {@code UNSUPPORTED} if its driver serves no node I/O
     */
    Handle open(String path, Permission... permissions) throws HalException;
}
