package aegis.hal.sysfs.internal;

import java.util.function.Supplier;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.sysfs.AttributeSpec;

/**
 * The permission rules of sysfs, in one place:
 * <ul>
 * <li>reading an attribute that names a device devfs path needs {@code READ} on that path;</li>
 * <li>reading a built-in attribute of a device without a devfs path needs {@code ADMIN} on {@code /dev}
 * (the capability service's own rule for devices without a node);</li>
 * <li>reading any other attribute is open;</li>
 * <li>writing needs the spec's write mask on the device path, or, without a device path, the write
 * mask plus {@code ADMIN} on {@code /dev} ("administrator anywhere": only a grant whose pattern covers
 * {@code /dev} itself, i.e. {@code /dev/**}, has it);</li>
 * <li>without a capability service everything that is not open fails closed with
 * {@code PERMISSION_DENIED}; trusted (HAL) bundles pass every check the service makes.</li>
 * </ul>
 * Thread-safe.
 */
final class Access {
    /** The devfs path whose ADMIN stands for "administrator anywhere". */
    static final String ANYWHERE = "/dev";

    /** What a read needs: a devfs path and a mask; {@code null} stands for "open". */
    record Guard(String devfsPath, int mask) {
        static Guard of(AttributeSpec spec) {
            return spec.devfsPath().isEmpty() ? null : new Guard(spec.devfsPath(), Permission.READ.bit());
        }

        static Guard device(String devfsPath) {
            return devfsPath == null || devfsPath.isEmpty() ? new Guard(ANYWHERE, Permission.ADMIN.bit())
                    : new Guard(devfsPath, Permission.READ.bit());
        }
    }

    private final Supplier<CapabilityService> capabilities;

    /** @param capabilities the capability service now in force, or {@code null} when absent */
    Access(Supplier<CapabilityService> capabilities) {
        this.capabilities = capabilities;
    }

    /**
     * @param caller  who asks
     * @param guard   what a read needs, or {@code null}
     * @param sysPath the attribute, for the message
     * @throws HalException PERMISSION_DENIED naming the attribute and what is missing
     */
    void requireRead(Caller caller, Guard guard, String sysPath) throws HalException {
        if (guard == null) {
            return;
        }
        require(caller, guard.devfsPath(), guard.mask(), sysPath, "read");
    }

    /**
     * @param caller who asks
     * @param guard  what a read needs, or {@code null}
     * @return whether the caller may read (for listings; records no denial)
     */
    boolean mayRead(Caller caller, Guard guard) {
        if (guard == null) {
            return true;
        }
        CapabilityService cap = capabilities.get();
        if (cap == null) {
            return false;
        }
        try {
            return (cap.permissions(caller.subject(cap), guard.devfsPath()) & guard.mask()) == guard.mask();
        } catch (RuntimeException e) {
            return false; // fail closed
        }
    }

    /**
     * @param caller who asks
     * @param spec   a writable attribute
     * @throws HalException PERMISSION_DENIED naming the attribute and what is missing
     */
    void requireWrite(Caller caller, AttributeSpec spec) throws HalException {
        if (spec.devfsPath().isEmpty()) {
            require(caller, ANYWHERE, spec.writeMask() | Permission.ADMIN.bit(), spec.path(), "write");
        } else {
            require(caller, spec.devfsPath(), spec.writeMask(), spec.path(), "write");
        }
    }

    /** @return whether a capability service is present */
    boolean present() {
        return capabilities.get() != null;
    }

    /**
     * @param bundle a providing bundle
     * @return whether the capability service trusts it (false without the service)
     */
    boolean trusted(Caller bundle) {
        CapabilityService cap = capabilities.get();
        if (cap == null) {
            return false;
        }
        try {
            return bundle.subject(cap).trusted();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void require(Caller caller, String devfs, int mask, String sysPath, String what) throws HalException {
        CapabilityService cap = capabilities.get();
        if (cap == null) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "cannot " + what + " " + sysPath + ": it needs "
                    + Permission.names(mask) + " on " + devfs + " and the capability service is absent (fail closed)");
        }
        try {
            cap.require(caller.subject(cap), devfs, mask);
        } catch (HalException e) {
            if (e.code() == ErrorCode.PERMISSION_DENIED) {
                throw new HalException(ErrorCode.PERMISSION_DENIED, "cannot " + what + " " + sysPath + ": "
                        + e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "cannot " + what + " " + sysPath
                    + ": the capability check failed (fail closed): " + e, e);
        }
    }
}
