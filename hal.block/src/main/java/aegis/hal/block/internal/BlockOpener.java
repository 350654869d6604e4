package aegis.hal.block.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.OpenMode;
import aegis.hal.block.internal.jna.BlockIoctls;
import aegis.hal.block.model.BlockDeviceInfo;
import aegis.hal.block.partition.PartitionTables;

/**
 * Turns a target (a block device name, {@code /dev/block/<name>}, a host device node or an image
 * file) into an open {@link BlockHandle}. Device nodes are resolved in the host root; their sizes
 * come from the BLKGETSIZE64/BLKSSZGET ioctls. Stateless apart from the host root; thread-safe.
 */
public final class BlockOpener {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;

    private final HostRoot host;

    /** @param host the host root device nodes are resolved in */
    public BlockOpener(HostRoot host) {
        this.host = host;
    }

    /**
     * Where a target lives.
     *
     * @param display   the name to show in messages ({@code /dev/loop0} or the file path)
     * @param path      the path to open on this machine
     * @param hostNode  whether it is a host device node (else an image file)
     */
    public record Resolved(String display, Path path, boolean hostNode) {
    }

    /**
     * @param target a target
     * @return where it lives
     * @throws HalException {@code NOT_FOUND} when it names nothing, {@code INVALID_ARGUMENT} for a
     *                      malformed host path
     */
    public Resolved resolve(String target) throws HalException {
        if (target == null || target.isBlank()) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "no block device or image file given");
        }
        String t = target.trim();
        String name = null;
        if (t.startsWith(BlockDeviceInfo.DEVFS_PREFIX)) {
            name = t.substring(BlockDeviceInfo.DEVFS_PREFIX.length());
        } else if (t.startsWith(BlockDeviceInfo.ID_PREFIX)) {
            name = t.substring(BlockDeviceInfo.ID_PREFIX.length());
        } else if (!t.contains("/") && host.exists("/sys/class/block/" + t)) {
            name = t;
        }
        if (name != null) {
            if (name.isEmpty() || name.contains("/") || name.equals("..") || name.equals(".")) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT, "invalid block device name in '" + target + "'");
            }
            if (!host.exists("/sys/class/block/" + name)) {
                throw new HalException(ErrorCode.NOT_FOUND, "no block device '" + name + "' on " + host);
            }
            return node("/dev/" + name);
        }
        if (t.startsWith("/dev/")) {
            return node(t);
        }
        Path p = Path.of(t);
        if (!Files.exists(p)) {
            throw new HalException(ErrorCode.NOT_FOUND, "no block device or image file '" + target + "'");
        }
        return new Resolved(t, p, false);
    }

    private Resolved node(String hostPath) throws HalException {
        Path p;
        try {
            p = host.resolve(hostPath);
        } catch (IllegalArgumentException e) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        if (!Files.exists(p)) {
            throw new HalException(ErrorCode.NOT_FOUND, "device node " + hostPath + " does not exist on " + host
                    + (host.isLive() ? "" : " (a recorded tree has no device nodes)"));
        }
        return new Resolved(hostPath, p, true);
    }

    /**
     * Opens a target.
     *
     * @param target     a target
     * @param mode       the mode
     * @param sectorSize the sector size for an image file, 0 to guess
     * @return the open handle
     * @throws HalException as {@link aegis.hal.block.BlockService#open}
     */
    public BlockHandle open(String target, OpenMode mode, int sectorSize) throws HalException {
        if (sectorSize != 0 && (sectorSize < 512 || sectorSize > 65536 || Integer.bitCount(sectorSize) != 1)) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "invalid sector size " + sectorSize
                    + ": expected 0 (guess) or a power of two from 512 to 65536");
        }
        Resolved r = resolve(target);
        int fileType = fileType(r.path());
        if (fileType != S_IFBLK && fileType != S_IFREG) {
            throw new HalException(ErrorCode.UNSUPPORTED, r.display() + " is neither a block device nor a regular file");
        }
        FileChannel ch = openChannel(r, mode);
        boolean ok = false;
        try {
            BlockHandle h;
            if (fileType == S_IFBLK) {
                BlockIoctls.Sizes s = BlockIoctls.query(r.path().toString());
                h = new FileBlockHandle(r.display(), mode, ch, true, s.logicalSectorSize(), s.physicalBlockSize(),
                        s.sizeBytes());
            } else {
                long size = ch.size();
                int ss = sectorSize != 0 ? sectorSize : guess(ch, size);
                h = new FileBlockHandle(r.display(), mode, ch, false, ss, ss, size);
            }
            ok = true;
            return h;
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, r.display() + ": cannot read its size: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // already failing; the open error is the one to report
                }
            }
        }
    }

    private static int guess(FileChannel ch, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 4104));
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
            // fill
        }
        return PartitionTables.guessSectorSize(head.array());
    }

    private static int fileType(Path p) throws HalException {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            return ((Integer) mode) & S_IFMT;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.isRegularFile(p) ? S_IFREG : S_IFBLK;
        } catch (NoSuchFileException e) {
            throw new HalException(ErrorCode.NOT_FOUND, "no such file: " + p);
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot stat " + p + ": " + e.getMessage(), e);
        }
    }

    private FileChannel openChannel(Resolved r, OpenMode mode) throws HalException {
        try {
            return mode == OpenMode.READ_WRITE
                    ? FileChannel.open(r.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(r.path(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new HalException(ErrorCode.NOT_FOUND, "no such device or file: " + r.display());
        } catch (AccessDeniedException e) {
            throw new HalException(ErrorCode.IO, "the host denies opening " + r.display() + " for "
                    + (mode == OpenMode.READ ? "reading" : "reading and writing") + " (EACCES, permission denied)"
                    + " as user " + System.getProperty("user.name"), e);
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "" : e.getReason();
            if (reason.contains("Operation not permitted")) {
                throw new HalException(ErrorCode.IO, "the host refuses to open " + r.display()
                        + " (EPERM, operation not permitted) even for user " + System.getProperty("user.name")
                        + ": the kernel or hypervisor locks this device; use a loop device or an image file", e);
            }
            throw new HalException(ErrorCode.IO, "cannot open " + r.display() + ": " + reason, e);
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot open " + r.display() + ": " + e.getMessage(), e);
        }
    }
}
