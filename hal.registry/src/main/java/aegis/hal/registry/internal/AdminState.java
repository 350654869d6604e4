package aegis.hal.registry.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import aegis.hal.api.io.AtomicFiles;

/**
 * What an administrator decided about single devices and what must survive a restart or an update
 * of the registry: a device pinned to a driver (by the driver's name, as service ids change) or
 * kept unbound. Kept in memory, and written to a file (when one is given) on every change: a
 * temporary file in the same folder, forced, then moved over the old one, so that a crash leaves
 * the old or the new state, never a mix. Used by the binding thread only.
 */
final class AdminState {
    private static final String UNBOUND = "";

    /** Device id to pinned driver name, or {@link #UNBOUND}. */
    private final Map<String, String> decisions = new TreeMap<>();
    private final Path file;
    private String lastError = "";

    /** An in-memory state (tests). */
    AdminState() {
        this.file = null;
    }

    /**
     * Loads the state from a file; a missing file is an empty state, an unreadable or malformed
     * one is an empty state with {@link #lastError()} saying why (the file is left as it was).
     *
     * @param file the file, in the registry bundle's data area
     */
    AdminState(Path file) {
        this.file = file;
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                if (key.startsWith("pin.") && !v.isBlank()) {
                    decisions.put(key.substring(4), v.trim());
                } else if (key.startsWith("unbound.")) {
                    decisions.put(key.substring(8), UNBOUND);
                } else {
                    throw new IOException("unknown key '" + key + "'");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            decisions.clear();
            lastError = file + ": " + e.getMessage() + "; starting with no administrator decisions";
        }
    }

    /** @return the reason the last load or save failed, or {@code ""} */
    String lastError() {
        return lastError;
    }

    /**
     * @param deviceId a device
     * @return the pinned driver name, if the device is pinned
     */
    Optional<String> pin(String deviceId) {
        String v = decisions.get(deviceId);
        return v == null || v.equals(UNBOUND) ? Optional.empty() : Optional.of(v);
    }

    /**
     * @param deviceId a device
     * @return whether the administrator keeps it unbound
     */
    boolean unbound(String deviceId) {
        return UNBOUND.equals(decisions.get(deviceId));
    }

    void pin(String deviceId, String driverName) {
        decisions.put(deviceId, driverName);
        save();
    }

    void keepUnbound(String deviceId) {
        decisions.put(deviceId, UNBOUND);
        save();
    }

    void clear(String deviceId) {
        if (decisions.remove(deviceId) != null) {
            save();
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("# Aegis HAL registry: administrator decisions (hal:bind, hal:unbind)\n");
        decisions.forEach((id, v) -> {
            Properties one = new Properties();
            one.setProperty(v.equals(UNBOUND) ? "unbound." + id : "pin." + id, v.equals(UNBOUND) ? "true" : v);
            java.io.StringWriter w = new java.io.StringWriter();
            try {
                one.store(w, null);
            } catch (IOException e) {
                throw new IllegalStateException(e); // a StringWriter does not fail
            }
            w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> sb.append(l).append('\n'));
        });
        try {
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), false);
            lastError = "";
        } catch (IOException e) {
            lastError = file + ": cannot save administrator decisions: " + e.getMessage();
        }
    }
}
