package aegis.hal.devfs;

import java.nio.ByteBuffer;

import aegis.hal.api.device.Device;
import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Node I/O served by a driver. A {@code Driver} service object that also implements this interface
 * serves reads, writes and controls of the devfs nodes of the devices it holds. devfs calls it only
 * between the driver's successful {@code probe} and its {@code remove} (never after), and only for a
 * caller whose capabilities were checked for this very call. Calls for one device may be concurrent.
 */
@ConsumerType
public interface DeviceIo {
    /**
     * @param device a device this driver holds
     * @return its size in bytes, or -1 if it has none (a stream)
     * @throws HalException if the size cannot be read
     */
    long size(Device device) throws HalException;

    /**
     * Reads at an offset into the buffer's remaining space.
     *
     * @param device a device this driver holds
     * @param offset the byte offset (ignored by stream devices)
     * @param dst    where to put the bytes
     * @return the number of bytes read, -1 at the end
     * @throws HalException on an I/O error or an offset out of range
     */
    int read(Device device, long offset, ByteBuffer dst) throws HalException;

    /**
     * Writes the buffer's remaining bytes at an offset.
     *
     * @param device a device this driver holds
     * @param offset the byte offset (ignored by stream devices)
     * @param src    the bytes
     * @return the number of bytes written
     * @throws HalException on an I/O error, a read-only device or an offset out of range
     */
    int write(Device device, long offset, ByteBuffer src) throws HalException;

    /**
     * A device-specific control request (the ioctl of devfs).
     *
     * @param device      a device this driver holds
     * @param operation   the operation name
     * @param argument    its argument bytes
     * @param permissions the permission mask the caller's handle holds (the driver may demand more)
     * @return the result bytes
     * @throws HalException {@code UNSUPPORTED} for an unknown operation, {@code PERMISSION_DENIED}
     *                      if the handle lacks what the operation needs
     */
    default byte[] control(Device device, String operation, byte[] argument, int permissions) throws HalException {
        throw new HalException(aegis.hal.api.error.ErrorCode.UNSUPPORTED, "no control operation '" + operation
                + "' on " + device.id());
    }
}
