package aegis.hal.capability.api;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * A permission that a token grants on the devices it covers. Each permission is one bit of an
 * {@code int} mask ({@link #bit()}); the fast checks of {@link CapabilityService} take masks so that
 * a check allocates nothing. The bit positions are part of the token encoding and never change.
 *
 * <p>Immutable and thread-safe.
 */
public enum Permission {
    /** Read data or attributes (open for reading, read). */
    READ,
    /** Write data or attributes (open for writing, write). */
    WRITE,
    /** Run an operation that changes device state (control requests, ioctls). */
    EXECUTE,
    /** Administer the device (power state, driver binding, attenuation on its behalf). */
    ADMIN,
    /** Capture from an audio or video source. */
    CAPTURE,
    /** Play back to an audio or video sink. */
    PLAYBACK,
    /** Change mixer controls. */
    MIXER,
    /** Use real-time scheduling or exclusive low-latency modes. */
    REALTIME,
    /** Pass the raw device through to a guest or a native library. */
    PASSTHROUGH;

    private static final Permission[] VALUES = values();

    /** The mask with every known permission bit set. */
    public static final int ALL = (1 << VALUES.length) - 1;

    /** @return the bit of this permission in a mask ({@code 1 << ordinal()}) */
    public int bit() {
        return 1 << ordinal();
    }

    /**
     * @param permissions permissions
     * @return their mask
     */
    public static int mask(Permission... permissions) {
        int m = 0;
        for (Permission p : permissions) {
            m |= p.bit();
        }
        return m;
    }

    /**
     * @param permissions permissions
     * @return their mask
     */
    public static int mask(Collection<Permission> permissions) {
        int m = 0;
        for (Permission p : permissions) {
            m |= p.bit();
        }
        return m;
    }

    /**
     * @param mask a mask
     * @return the permissions whose bits are set, in declaration order
     * @throws IllegalArgumentException if the mask has a bit that names no permission
     */
    public static Set<Permission> of(int mask) {
        if ((mask & ~ALL) != 0) {
            throw new IllegalArgumentException("unknown permission bits 0x" + Integer.toHexString(mask & ~ALL));
        }
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        for (Permission p : VALUES) {
            if ((mask & p.bit()) != 0) {
                set.add(p);
            }
        }
        return set;
    }

    /**
     * Parses a comma-separated list of permission names, case-insensitive ({@code "read,write"});
     * {@code "all"} stands for every permission.
     *
     * @param text the list
     * @return its mask, never 0
     * @throws HalException {@link ErrorCode#INVALID_ARGUMENT} naming the unknown permission, or when
     *                      the list is empty
     */
    public static int parse(String text) throws HalException {
        int m = 0;
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equalsIgnoreCase("all")) {
                m |= ALL;
                continue;
            }
            try {
                m |= valueOf(name.toUpperCase(Locale.ROOT)).bit();
            } catch (IllegalArgumentException e) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT,
                        "unknown permission '" + name + "' (known: " + names(ALL) + ")");
            }
        }
        if (m == 0) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "no permission given in '" + text + "'");
        }
        return m;
    }

    /**
     * @param mask a mask
     * @return the names of its permissions joined by commas ({@code "READ,WRITE"}), {@code "-"} for 0
     */
    public static String names(int mask) {
        if (mask == 0) {
            return "-";
        }
        StringJoiner j = new StringJoiner(",");
        for (Permission p : VALUES) {
            if ((mask & p.bit()) != 0) {
                j.add(p.name());
            }
        }
        if ((mask & ~ALL) != 0) {
            j.add("0x" + Integer.toHexString(mask & ~ALL));
        }
        return j.toString();
    }
}
