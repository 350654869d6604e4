package aegis.hal.sim.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import aegis.hal.api.device.Device;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * The bytes behind a simulated device's node: a RAM disk of {@code sim.size} bytes, or the file
 * named by {@code sim.backing} (read-write; read-only with {@code sim.readonly=true}), like
 * {@code null_blk} and loop devices. Thread-safe (positional reads and writes only).
 */
abstract class SimStorage implements AutoCloseable {
    abstract long size();

    abstract int read(long offset, ByteBuffer dst) throws HalException;

    abstract int write(long offset, ByteBuffer src) throws HalException;

    @Override
    public void close() {
    }

    /**
     * @param device a simulated device
     * @return its storage, or null if it has none
     * @throws HalException if the backing file cannot be opened or the size is invalid
     */
    static SimStorage open(Device device) throws HalException {
        Object backing = device.properties().get("sim.backing");
        boolean ro = "true".equals(String.valueOf(device.properties().get("sim.readonly")));
        if (backing != null) {
            try {
                FileChannel ch = ro ? FileChannel.open(Path.of(backing.toString()), StandardOpenOption.READ)
                        : FileChannel.open(Path.of(backing.toString()), StandardOpenOption.READ, StandardOpenOption.WRITE);
                return new FileStorage(ch, ro, device.id());
            } catch (IOException | RuntimeException e) {
                throw new HalException(ErrorCode.IO, device.id() + ": cannot open sim.backing " + backing + ": " + e);
            }
        }
        Object size = device.properties().get("sim.size");
        if (size != null) {
            long n;
            try {
                n = Long.parseLong(size.toString().trim());
            } catch (NumberFormatException e) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT, device.id() + ": sim.size '" + size + "' is not a number");
            }
            if (n < 0 || n > 64L << 20) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT, device.id() + ": sim.size " + n + " is outside 0..64 MiB");
            }
            return new RamStorage(new byte[(int) n], ro, device.id());
        }
        return null;
    }

    static HalException outOfRange(String id, long offset, long size) {
        return new HalException(ErrorCode.INVALID_ARGUMENT, id + ": offset " + offset + " is outside 0.." + size);
    }

    private static final class RamStorage extends SimStorage {
        private final byte[] data;
        private final boolean readOnly;
        private final String id;

        RamStorage(byte[] data, boolean readOnly, String id) {
            this.data = data;
            this.readOnly = readOnly;
            this.id = id;
        }

        @Override
        long size() {
            return data.length;
        }

        @Override
        int read(long offset, ByteBuffer dst) throws HalException {
            if (offset < 0 || offset > data.length) {
                throw outOfRange(id, offset, data.length);
            }
            if (offset == data.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), data.length - offset);
            synchronized (data) {
                dst.put(data, (int) offset, n);
            }
            return n;
        }

        @Override
        int write(long offset, ByteBuffer src) throws HalException {
            if (readOnly) {
                throw new HalException(ErrorCode.PERMISSION_DENIED, id + " is read-only");
            }
            if (offset < 0 || offset + src.remaining() > data.length) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT, id + ": write of " + src.remaining() + " at "
                        + offset + " passes the end (" + data.length + ")");
            }
            int n = src.remaining();
            synchronized (data) {
                src.get(data, (int) offset, n);
            }
            return n;
        }
    }

    private static final class FileStorage extends SimStorage {
        private final FileChannel channel;
        private final boolean readOnly;
        private final String id;

        FileStorage(FileChannel channel, boolean readOnly, String id) {
            this.channel = channel;
            this.readOnly = readOnly;
            this.id = id;
        }

        @Override
        long size() {
            try {
                return channel.size();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        int read(long offset, ByteBuffer dst) throws HalException {
            if (offset < 0) {
                throw outOfRange(id, offset, size());
            }
            try {
                return channel.read(dst, offset);
            } catch (IOException e) {
                throw new HalException(ErrorCode.IO, id + ": read at " + offset + " failed: " + e.getMessage());
            }
        }

        @Override
        int write(long offset, ByteBuffer src) throws HalException {
            if (readOnly) {
                throw new HalException(ErrorCode.PERMISSION_DENIED, id + " is read-only");
            }
            long size = size();
            if (offset < 0 || offset + src.remaining() > size) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT, id + ": write of " + src.remaining() + " at "
                        + offset + " passes the end (" + size + ")");
            }
            try {
                return channel.write(src, offset);
            } catch (IOException e) {
                throw new HalException(ErrorCode.IO, id + ": write at " + offset + " failed: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a read channel cannot lose data
            }
        }
    }
}
