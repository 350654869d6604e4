package aegis.hal.sysfs.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;

/** An attribute that keeps its value in memory; counts writes; can be told to refuse writes. */
final class KeptAttribute implements Attribute {
    private final AttributeSpec spec;
    final AtomicReference<Object> value;
    final AtomicInteger writes = new AtomicInteger();
    volatile boolean refuse;

    KeptAttribute(AttributeSpec spec, Object initial) {
        this.spec = spec;
        this.value = new AtomicReference<>(initial);
    }

    @Override
    public AttributeSpec spec() {
        return spec;
    }

    @Override
    public Object read() {
        return value.get();
    }

    @Override
    public void write(Object validatedValue) throws HalException {
        writes.incrementAndGet();
        if (refuse) {
            throw new HalException(ErrorCode.IO, "the host refused it");
        }
        value.set(validatedValue);
    }
}
