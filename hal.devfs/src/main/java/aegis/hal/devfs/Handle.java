package aegis.hal.devfs;

import java.nio.ByteBuffer;

import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open device node. Every call checks again that the caller's capabilities still cover the node
 * ({@code REVOKED} or {@code EXPIRED} after the grant that covered it ended, {@code PERMISSION_DENIED}
 * if it never did) and that the device is still served by the
 * driver it was opened with ({@code DEVICE_GONE} after an unbind, a driver change or removal); only
 * then does it reach the driver. Thread-safe.
 */
@ProviderType
public interface Handle extends AutoCloseable {
    /** @return the canonical node path */
    String path();

    /** @return the permission mask the handle was opened with */
    int permissions();

    /**
     * @return the size of the device in bytes, or -1 for a stream
     * @throws HalException {@code PERMISSION_DENIED}, {@code DEVICE_GONE}, {@code CONFLICT} if closed
     */
    long size() throws HalException;

    /**
     * Reads at an offset; needs READ.
     *
     * @param offset byte offset
     * @param dst    where to put the bytes
     * @return bytes read, or -1 at the end
     * @throws HalException {@code PERMISSION_DENIED}, {@code DEVICE_GONE}, {@code CONFLICT} if closed,
     *                      or the driver's error
     */
    int read(long offset, ByteBuffer dst) throws HalException;

    /**
     * Writes at an offset; needs WRITE.
     *
     * @param offset byte offset
     * @param src    the bytes
     * @return bytes written
     * @throws HalException as for {@link #read}
     */
    int write(long offset, ByteBuffer src) throws HalException;

    /**
     * A device-specific control request; needs EXECUTE.
     *
     * @param operation the operation name
     * @param argument  its argument
     * @return the result
     * @throws HalException as for {@link #read}, or {@code UNSUPPORTED}
     */
    byte[] control(String operation, byte[] argument) throws HalException;

    /** Closes the handle; later calls fail with {@code CONFLICT}. Idempotent. */
    @Override
    void close();
}
