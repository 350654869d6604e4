package aegis.hal.registry.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceState;
import aegis.hal.api.registry.Candidate;

/** What the registry knows of one Device service. Confined to the binding thread. */
final class DeviceRecord {
    final Device device;
    final long serviceId;
    final String id;
    final String deviceClass;
    final String parentId;

    DeviceState state = DeviceState.DISCOVERED;
    String reason = "";
    Instant since = Instant.now();
    long enteredNanos = System.nanoTime();
    final Map<DeviceState, Long> timings = new EnumMap<>(DeviceState.class);

    /** The driver holding the device, or null. */
    DriverRecord bound;
    /** The score the bound driver gave, for takeover comparisons. */
    int boundScore;
    /** Bumped by every operation; outcomes carrying an older value are stale. */
    int generation;
    /** Whether a callback or power operation owns the device right now. */
    boolean busy;
    /**
     * Drivers that arrived while the device was busy, so were not offered it: offered when the
     * callback ends ({@code BindingEngine.catchUp}).
     */
    final List<DriverRecord> missed = new ArrayList<>(0);
    /** Drivers whose probe failed in this binding round (service ids). */
    final Set<Long> failed = new HashSet<>();
    String waitsFor = "";
    /** Administrator state: unbound on purpose (no automatic binding) or pinned to a driver. */
    boolean manual;
    /** The name of the driver the administrator pinned the device to, or null. */
    String pinned;
    /** Symbolic name of a departed driver's bundle whose successor gets this device first. */
    String handoverBundle;
    boolean removed;
    List<Candidate> lastCandidates = List.of();
    String decidedBy = "";
    final List<CompletableFuture<Void>> waiters = new ArrayList<>(0);

    DeviceRecord(Device device, long serviceId) {
        this.device = device;
        this.serviceId = serviceId;
        this.id = device.id();
        this.deviceClass = device.deviceClass().name();
        this.parentId = device.parentId().orElse(null);
    }

    boolean isBound() {
        return bound != null;
    }

    @Override
    public String toString() {
        return id;
    }
}
