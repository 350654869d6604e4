package aegis.hal.sysfs;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One sysfs attribute, registered by a subsystem or driver as an OSGi service (whiteboard). The
 * sysfs bundle puts it at {@code spec().path()} and serves reads and writes through it.
 *
 * <p>Registration: {@code context.registerService(Attribute.class, attribute, null)}. The spec is
 * read once when the service arrives and must not change while it is registered (re-register to
 * change it). Only trusted (HAL) bundles may publish attributes: the sysfs bundle ignores attributes
 * of bundles the capability service does not trust. When two attributes claim one path the higher
 * {@code service.ranking} wins, then the lower {@code service.id}; a path that would be both an
 * attribute and a directory, or that clashes with the built-in {@code /sys/hal/devices/<id>/}
 * attributes, is refused (and logged).
 *
 * <p>Implementations are thread-safe: reads may come from many threads at once; sysfs calls
 * {@link #write} for one attribute from one thread at a time.
 */
@ConsumerType
public interface Attribute {
    /** @return what the attribute is; the same value every time */
    AttributeSpec spec();

    /**
     * Reads the value now: from the host each time, or a value the provider keeps current.
     *
     * @return the value, of the Java type of {@code spec().type()} ({@link AttributeType#javaType()}; for
     *         {@code INTEGER} any {@code Integer}/{@code Long}, for {@code DECIMAL} any {@code Number} is
     *         accepted and converted), never {@code null}
     * @throws HalException for example {@link ErrorCode#IO} when the host cannot be read or
     *                      {@link ErrorCode#DEVICE_GONE}
     */
    Object read() throws HalException;

    /**
     * Applies a value. Called only for a writable spec, only with a value that sysfs has already
     * parsed, converted to the type's Java type and checked against the range or allowed values, and
     * only after the caller's permission was checked. Must be all or nothing: on failure throw and
     * leave the previous value in place.
     *
     * @param validatedValue the new value
     * @throws HalException when the value cannot be applied (the previous value stays); the default
     *                      implementation throws {@link ErrorCode#UNSUPPORTED}
     */
    default void write(Object validatedValue) throws HalException {
        throw new HalException(ErrorCode.UNSUPPORTED, spec().path() + " is read-only");
    }
}
