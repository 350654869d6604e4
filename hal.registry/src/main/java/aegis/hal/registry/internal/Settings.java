package aegis.hal.registry.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import aegis.hal.api.registry.TakeoverPolicy;

/**
 * The registry's configuration in force. Immutable; {@link #parse(Map, Settings)} validates a raw
 * ConfigAdmin dictionary and names the first bad property.
 *
 * @param takeover            whether arriving drivers may take bound devices
 * @param matchMs             deadline of {@code match}
 * @param initMs              deadline of {@code init}
 * @param probeMs             deadline of {@code probe}
 * @param suspendMs           deadline of {@code suspend}
 * @param resumeMs            deadline of {@code resume}
 * @param removeMs            deadline of {@code remove}
 * @param quarantineThreshold failed callbacks in a row that quarantine a driver
 * @param handoverGraceMs     how long a departed driver's devices wait for its successor
 * @param eventsCapacity      how many transitions the registry keeps for {@code hal:events}
 * @param callbackThreads     worker threads that run driver callbacks
 */
record Settings(TakeoverPolicy takeover, long matchMs, long initMs, long probeMs, long suspendMs, long resumeMs,
        long removeMs, int quarantineThreshold, long handoverGraceMs, int eventsCapacity, int callbackThreads) {

    static final Settings DEFAULTS = new Settings(TakeoverPolicy.IDLE, 1_000, 10_000, 5_000, 5_000, 5_000, 5_000, 3,
            500, 1_000, Math.max(2, Runtime.getRuntime().availableProcessors()));

    /** Raised for an invalid configuration; the message names the property. */
    static final class InvalidSettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSettingsException(String message) {
            super(message);
        }
    }

    /**
     * Validates a configuration. Absent keys keep the value of {@code base}.
     *
     * @param raw  the properties (values may be strings or numbers)
     * @param base the values for absent keys
     * @return the settings
     * @throws InvalidSettingsException naming the first invalid property
     */
    static Settings parse(Map<String, ?> raw, Settings base) throws InvalidSettingsException {
        TakeoverPolicy takeover = base.takeover;
        Object t = raw.get("takeover.policy");
        if (t != null) {
            try {
                takeover = TakeoverPolicy.parse(t.toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException("takeover.policy: " + e.getMessage());
            }
        }
        return new Settings(takeover,
                longIn(raw, "deadline.match.ms", base.matchMs, 1, 600_000),
                longIn(raw, "deadline.init.ms", base.initMs, 1, 600_000),
                longIn(raw, "deadline.probe.ms", base.probeMs, 1, 600_000),
                longIn(raw, "deadline.suspend.ms", base.suspendMs, 1, 600_000),
                longIn(raw, "deadline.resume.ms", base.resumeMs, 1, 600_000),
                longIn(raw, "deadline.remove.ms", base.removeMs, 1, 600_000),
                (int) longIn(raw, "quarantine.threshold", base.quarantineThreshold, 1, 1_000),
                longIn(raw, "handover.grace.ms", base.handoverGraceMs, 0, 60_000),
                (int) longIn(raw, "events.capacity", base.eventsCapacity, 10, 1_000_000),
                (int) longIn(raw, "callback.threads", base.callbackThreads, 1, 256));
    }

    private static long longIn(Map<String, ?> raw, String key, long dflt, long min, long max)
            throws InvalidSettingsException {
        Object v = raw.get(key);
        if (v == null) {
            return dflt;
        }
        long n;
        if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidSettingsException(key + ": '" + v + "' is not a whole number");
            }
        }
        if (n < min || n > max) {
            throw new InvalidSettingsException(key + ": " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    /** @return the settings as configuration properties, for display */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("takeover.policy", takeover.name().toLowerCase(java.util.Locale.ROOT));
        m.put("deadline.match.ms", matchMs);
        m.put("deadline.init.ms", initMs);
        m.put("deadline.probe.ms", probeMs);
        m.put("deadline.suspend.ms", suspendMs);
        m.put("deadline.resume.ms", resumeMs);
        m.put("deadline.remove.ms", removeMs);
        m.put("quarantine.threshold", quarantineThreshold);
        m.put("handover.grace.ms", handoverGraceMs);
        m.put("events.capacity", eventsCapacity);
        m.put("callback.threads", callbackThreads);
        return m;
    }
}
