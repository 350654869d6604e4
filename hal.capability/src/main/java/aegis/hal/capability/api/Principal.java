package aegis.hal.capability.api;

import java.util.Objects;
import java.util.regex.Pattern;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * Who holds grants: an application ({@code app}) inside a container ({@code container}). The
 * runtime derives a bundle's principal from what the administrator controls (the deploy folder a
 * jar was dropped into, or an explicit assignment), never from the bundle's own manifest.
 *
 * <p>Both ids match {@code [a-z0-9][a-z0-9._-]{0,62}}. Immutable and thread-safe.
 *
 * @param container the container id
 * @param app       the application id
 */
public record Principal(String container, String app) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /**
     * @throws IllegalArgumentException if an id is not valid
     */
    public Principal {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(app, "app");
        if (!isValidId(container) || !isValidId(app)) {
            throw new IllegalArgumentException("invalid principal " + container + "/" + app
                    + ": ids must match [a-z0-9][a-z0-9._-]{0,62}");
        }
    }

    /**
     * @param id a candidate container or app id
     * @return whether it is valid
     */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * @param text {@code container/app}
     * @return the principal
     * @throws HalException {@link ErrorCode#INVALID_ARGUMENT} naming the text when it is not one
     */
    public static Principal parse(String text) throws HalException {
        int slash = text.indexOf('/');
        if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "not a principal (container/app): '" + text + "'");
        }
        String c = text.substring(0, slash);
        String a = text.substring(slash + 1);
        if (!isValidId(c) || !isValidId(a)) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT,
                    "invalid principal '" + text + "': ids must match [a-z0-9][a-z0-9._-]{0,62}");
        }
        return new Principal(c, a);
    }

    /** @return {@code container/app} */
    @Override
    public String toString() {
        return container + "/" + app;
    }
}
