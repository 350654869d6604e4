package aegis.hal.sim.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import aegis.hal.api.device.Device;
import aegis.hal.api.error.DeferProbeException;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

/**
 * Fault injection for simulated devices, read from device properties (like Linux's null_blk and
 * gpio-sim module parameters):
 * <ul>
 * <li>{@code sim.probe} = {@code ok} (default), {@code fail}, {@code hang} (waits until
 * interrupted), {@code hang-hard} (ignores interrupts for {@code sim.hang.ms}, default 60000),
 * {@code defer:<device id>} (defers until a device with that id is registered);</li>
 * <li>{@code sim.suspend} / {@code sim.resume} = {@code ok} or {@code fail};</li>
 * <li>{@code sim.score} = the match score (default 1; 0 = no match);</li>
 * <li>{@code sim.busy} = {@code true} to report the device busy.</li>
 * </ul>
 */
final class SimBehaviour {
    /** Property: probe behaviour. */
    static final String PROBE = "sim.probe";

    private SimBehaviour() {
    }

    /** Tells whether a device with a given id is registered. */
    interface Presence {
        boolean present(String deviceId);
    }

    static int score(Device device, int dflt) {
        Object s = device.properties().get("sim.score");
        if (s == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean busy(Device device) {
        return "true".equals(String.valueOf(device.properties().get("sim.busy")));
    }

    static void probe(Device device, Presence presence, String driverName) throws HalException {
        String mode = String.valueOf(device.properties().getOrDefault(PROBE, "ok"));
        if (mode.equals("ok")) {
            return;
        }
        if (mode.equals("fail")) {
            throw new HalException(ErrorCode.DRIVER_FAILED, driverName + ": simulated probe failure of " + device.id());
        }
        if (mode.equals("hang")) {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HalException(ErrorCode.TIMEOUT, driverName + ": simulated hang of " + device.id()
                        + " interrupted");
            }
        }
        if (mode.equals("hang-hard")) {
            long ms = Long.parseLong(String.valueOf(device.properties().getOrDefault("sim.hang.ms", "60000")));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            boolean interrupted = false;
            while (System.nanoTime() - end < 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
                } catch (InterruptedException e) {
                    interrupted = true; // a badly written driver: carries on regardless
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (mode.startsWith("defer:")) {
            String waitsFor = mode.substring("defer:".length());
            if (!presence.present(waitsFor)) {
                throw new DeferProbeException("device " + waitsFor);
            }
            return;
        }
        throw new HalException(ErrorCode.INVALID_ARGUMENT, "unknown " + PROBE + " '" + mode + "' on " + device.id());
    }

    static void power(Device device, String op) throws HalException {
        Map<String, Object> p = device.properties();
        if ("fail".equals(String.valueOf(p.get("sim." + op)))) {
            throw new HalException(ErrorCode.DRIVER_FAILED, "simulated " + op + " failure of " + device.id());
        }
    }
}
