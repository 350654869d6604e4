package aegis.hal.devfs.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.Lock;

import aegis.hal.api.device.Device;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Subject;
import aegis.hal.devfs.DeviceIo;
import aegis.hal.devfs.Handle;

/**
 * An open node: every call checks the caller's capabilities (a table lookup), then, under the
 * node's read lock, that the node still has the generation it had at open, and only then calls the
 * driver. A release by the registry takes the write lock, so it waits for calls in progress and
 * fails every later one.
 */
final class HandleImpl implements Handle {
    private static final int READ = Permission.READ.bit();
    private static final int WRITE = Permission.WRITE.bit();
    private static final int EXECUTE = Permission.EXECUTE.bit();

    private final NodeTable.Node node;
    private final int generation;
    private final Device device;
    private final DeviceIo io;
    private final CapabilityService capabilities;
    private final Subject subject;
    private final int mask;
    private final String path;
    private volatile boolean closed;

    HandleImpl(NodeTable.Node node, int generation, Device device, DeviceIo io, CapabilityService capabilities,
            Subject subject, int mask) {
        this.node = node;
        this.generation = generation;
        this.device = device;
        this.io = io;
        this.capabilities = capabilities;
        this.subject = subject;
        this.mask = mask;
        this.path = node.path;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int permissions() {
        return mask;
    }

    private void check(int needed, String what) throws HalException {
        if (closed) {
            throw new HalException(ErrorCode.CONFLICT, path + ": handle is closed");
        }
        if ((mask & needed) != needed) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, path + ": handle was not opened for "
                    + Permission.of(needed & ~mask) + " (" + what + ")");
        }
        if (!capabilities.check(subject, path, needed)) {
            capabilities.require(subject, path, needed); // throws, naming what is missing
            throw new HalException(ErrorCode.PERMISSION_DENIED, path + ": " + what + " denied");
        }
    }

    private HalException gone() {
        return new HalException(ErrorCode.DEVICE_GONE, path + ": device " + node.deviceId
                + " was unbound or removed since this handle was opened");
    }

    @Override
    public long size() throws HalException {
        check(0, "size");
        Lock r = node.lock.readLock();
        r.lock();
        try {
            if (node.generation != generation) {
                throw gone();
            }
            return io.size(device);
        } finally {
            r.unlock();
        }
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws HalException {
        check(READ, "read");
        Lock r = node.lock.readLock();
        r.lock();
        try {
            if (node.generation != generation) {
                throw gone();
            }
            return io.read(device, offset, dst);
        } finally {
            r.unlock();
        }
    }

    @Override
    public int write(long offset, ByteBuffer src) throws HalException {
        check(WRITE, "write");
        Lock r = node.lock.readLock();
        r.lock();
        try {
            if (node.generation != generation) {
                throw gone();
            }
            return io.write(device, offset, src);
        } finally {
            r.unlock();
        }
    }

    @Override
    public byte[] control(String operation, byte[] argument) throws HalException {
        check(EXECUTE, "control " + operation);
        Lock r = node.lock.readLock();
        r.lock();
        try {
            if (node.generation != generation) {
                throw gone();
            }
            return io.control(device, operation, argument, mask);
        } finally {
            r.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "Handle[" + path + ", " + Permission.of(mask) + (closed ? ", closed" : "") + "]";
    }
}
