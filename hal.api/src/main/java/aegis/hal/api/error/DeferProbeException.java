package aegis.hal.api.error;

import java.util.Objects;

/**
 * Thrown by {@code Driver.probe} when the device cannot be bound yet because something it needs
 * (another device, another driver, a firmware file, ...) is not there. The registry parks the device
 * in {@code DEFERRED}, shows {@link #waitsFor()} and retries when any driver or device arrives.
 */
public class DeferProbeException extends HalException {
    private static final long serialVersionUID = 1L;

    private final String waitsFor;

    /**
     * @param waitsFor what the probe waits for, for a person to read (for example
     *                 {@code "device acpi:\\_SB.PCI0"}); never {@code null}
     */
    public DeferProbeException(String waitsFor) {
        super(ErrorCode.DEFERRED, "probe deferred: waits for " + Objects.requireNonNull(waitsFor, "waitsFor"));
        this.waitsFor = waitsFor;
    }

    /** @return what the probe waits for */
    public String waitsFor() {
        return waitsFor;
    }
}
