package aegis.hal.block.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.BlockProperties;
import aegis.hal.block.OpenMode;
import aegis.hal.capability.api.Permission;
import aegis.hal.devfs.DeviceIo;

/**
 * The generic block driver (ranking 0): serves every BLOCK device with score {@value #SCORE}, so that
 * a specific driver (NVMe, ...) outbids it. Its probe checks that the device is still on the host.
 *
 * <p>It also serves the devfs nodes {@code /dev/block/<name>} of the devices it holds
 * ({@link DeviceIo}): the device is opened through {@link BlockOpener} on the first I/O (read-only for
 * sizes and reads, read-write on the first write) and closed in {@link #remove}. Byte offsets and
 * lengths are turned into whole logical sectors (the partial first and last sectors of a write are
 * read, patched and written back, under a per-device lock); everything is checked against the
 * device's size before the host sees it. The node's size is the whole sectors the handle addresses
 * (the device size; for an image file a trailing partial sector is not part of the node).
 */
@Component(service = Driver.class, property = {Driver.CLASSES + "=BLOCK", Driver.NAME + "=" + BlockDriver.NAME,
        "service.ranking:Integer=0"})
public final class BlockDriver implements Driver, DeviceIo {
    /** The driver name. */
    public static final String NAME = "block";
    /** The match score for any block device. */
    public static final int SCORE = 1;
    /** The control operation that forces written sectors to the device (needs WRITE on the handle). */
    public static final String FLUSH = "flush";

    private final HostRoot host;
    private final BlockOpener opener;
    private final Map<String, Node> bound = new ConcurrentHashMap<>();

    /** @param host the host root to check devices against and to open their nodes in */
    @Activate
    public BlockDriver(@Reference(name = "host") HostRoot host) {
        this.host = host;
        this.opener = new BlockOpener(host);
    }

    @Override
    public int match(Device device) {
        return DeviceClass.BLOCK.equals(device.deviceClass()) ? SCORE : 0;
    }

    @Override
    public void probe(Device device) throws HalException {
        Object path = device.properties().get(Device.HOST_PATH);
        if (path instanceof String p && !p.isEmpty() && !host.exists(p)) {
            throw new HalException(ErrorCode.DEVICE_GONE, device.id() + ": " + p + " no longer exists on " + host);
        }
        Node old = bound.put(device.id(), new Node(device));
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void remove(Device device) {
        Node n = bound.remove(device.id());
        if (n != null) {
            n.close();
        }
    }

    /** @return how many devices this driver holds */
    int boundCount() {
        return bound.size();
    }

    /** @return how many devices this driver holds open for I/O */
    int openCount() {
        return (int) bound.values().stream().filter(Node::isOpen).count();
    }

    private Node node(Device device) throws HalException {
        Node n = bound.get(device.id());
        if (n == null) {
            throw new HalException(ErrorCode.DEVICE_GONE, NAME + " does not hold " + device.id());
        }
        return n;
    }

    @Override
    public long size(Device device) throws HalException {
        return addressable(node(device).forRead());
    }

    @Override
    public int read(Device device, long offset, ByteBuffer dst) throws HalException {
        Node n = node(device);
        BlockHandle h = n.forRead();
        long size = addressable(h);
        if (offset < 0 || offset > size) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, n.path + ": read at offset " + offset
                    + " is outside the device (0.." + size + ")");
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (offset == size) {
            return -1;
        }
        int len = (int) Math.min(dst.remaining(), size - offset);
        int start = dst.position();
        try {
            transfer(h, offset, len, dst, false);
        } catch (HalException | RuntimeException e) {
            dst.position(start);
            throw e;
        }
        return len;
    }

    @Override
    public int write(Device device, long offset, ByteBuffer src) throws HalException {
        Node n = node(device);
        BlockHandle h = n.forWrite();
        long size = addressable(h);
        int len = src.remaining();
        if (offset < 0 || offset > size || len > size - offset) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, n.path + ": write of " + len + " bytes at offset "
                    + offset + " leaves the device (" + size + " bytes); nothing written");
        }
        if (len == 0) {
            return 0;
        }
        synchronized (n.writeLock) { // the partial sectors are read, patched and written back
            transfer(h, offset, len, src, true);
        }
        return len;
    }

    @Override
    public byte[] control(Device device, String operation, byte[] argument, int permissions) throws HalException {
        if (!FLUSH.equals(operation)) {
            return DeviceIo.super.control(device, operation, argument, permissions);
        }
        Node n = node(device);
        if ((permissions & Permission.WRITE.bit()) == 0) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, n.path + ": " + FLUSH + " needs a handle opened for WRITE");
        }
        n.flush();
        return new byte[0];
    }

    /**
     * Moves {@code len} bytes between the buffer and the device at a byte offset already checked
     * against the size: the partial first sector, the whole sectors in between (straight to or from
     * the buffer), then the partial last sector.
     */
    private static void transfer(BlockHandle h, long offset, int len, ByteBuffer buf, boolean write)
            throws HalException {
        int ss = h.sectorSize();
        long pos = offset;
        int left = len;
        int head = (int) (pos % ss);
        if (head != 0) {
            int n = Math.min(ss - head, left);
            partial(h, pos / ss, head, n, buf, write);
            pos += n;
            left -= n;
        }
        int whole = left / ss * ss;
        if (whole > 0) {
            ByteBuffer mid = buf.slice();
            mid.limit(whole);
            if (write) {
                h.write(pos / ss, mid);
            } else {
                h.read(pos / ss, mid);
            }
            buf.position(buf.position() + whole);
            pos += whole;
            left -= whole;
        }
        if (left > 0) {
            partial(h, pos / ss, 0, left, buf, write);
        }
    }

    private static void partial(BlockHandle h, long lba, int from, int n, ByteBuffer buf, boolean write)
            throws HalException {
        byte[] sector = h.read(lba, 1);
        if (write) {
            buf.get(sector, from, n);
            h.write(lba, ByteBuffer.wrap(sector));
        } else {
            buf.put(sector, from, n);
        }
    }

    private static long addressable(BlockHandle h) {
        return h.sectorCount() * h.sectorSize();
    }

    /** The handles of one device this driver holds, opened on first use and closed on removal. */
    private final class Node {
        final String path;
        final String id;
        final boolean readOnly;
        final Object writeLock = new Object();
        private BlockHandle reader; // guarded by this
        private BlockHandle writer; // guarded by this
        private boolean closed; // guarded by this

        Node(Device device) {
            this.id = device.id();
            this.path = device.devfsPath().orElse("");
            this.readOnly = Boolean.TRUE.equals(device.properties().get(BlockProperties.READ_ONLY));
        }

        /** @return the handle to read with: the read-write one once a write opened it */
        synchronized BlockHandle forRead() throws HalException {
            ensureOpen();
            if (writer != null) {
                return writer;
            }
            if (reader == null) {
                reader = open(OpenMode.READ);
            }
            return reader;
        }

        synchronized BlockHandle forWrite() throws HalException {
            ensureOpen();
            if (readOnly) {
                throw new HalException(ErrorCode.PERMISSION_DENIED, path + ": the device is read-only");
            }
            if (writer == null) {
                writer = open(OpenMode.READ_WRITE);
            }
            return writer;
        }

        synchronized void flush() throws HalException {
            ensureOpen();
            if (writer != null) {
                writer.flush();
            }
        }

        synchronized boolean isOpen() {
            return reader != null || writer != null;
        }

        private void ensureOpen() throws HalException {
            if (closed) {
                throw new HalException(ErrorCode.DEVICE_GONE, NAME + " released " + id);
            }
        }

        private BlockHandle open(OpenMode mode) throws HalException {
            if (path.isEmpty()) {
                throw new HalException(ErrorCode.UNSUPPORTED, id + " has no devfs node");
            }
            try {
                return opener.open(path, mode, 0);
            } catch (HalException e) {
                throw new HalException(e.code(), path + ": " + e.getMessage(), e);
            }
        }

        /** Closes both handles (flushing written sectors first); idempotent. */
        synchronized void close() {
            closed = true;
            if (writer != null) {
                try {
                    writer.flush();
                } catch (HalException e) {
                    // closing releases the device either way; the kernel writes its cache back
                }
                writer.close();
                writer = null;
            }
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }
}
