package aegis.hal.sysfs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import aegis.hal.api.device.DeviceState;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.DeviceRegistry;
import aegis.hal.api.registry.DriverInfo;
import aegis.hal.api.registry.Explanation;
import aegis.hal.api.registry.PowerReport;
import aegis.hal.api.registry.Transition;

/** A device registry for tests: a map of snapshots the test edits. */
final class FakeRegistry implements DeviceRegistry {
    final Map<String, DeviceInfo> devices = new ConcurrentSkipListMap<>();

    DeviceInfo put(String id, String cls, String devfs, DeviceState state, String driver, Long probeNanos) {
        DeviceInfo d = new DeviceInfo(id, cls, devfs, "", state, "because " + state, driver, driver.isEmpty() ? 0 : 7,
                Instant.EPOCH, Map.of(), probeNanos == null ? Map.of() : Map.of("PROBING", probeNanos));
        devices.put(id, d);
        return d;
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.copyOf(devices.values());
    }

    @Override
    public Optional<DeviceInfo> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    @Override
    public List<DriverInfo> drivers() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Explanation explain(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeviceInfo bind(String deviceId, String driver) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeviceInfo unbind(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeviceInfo rebind(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PowerReport suspend(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PowerReport resume(String deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PowerReport suspendAll() {
        throw new UnsupportedOperationException();
    }

    @Override
    public PowerReport resumeAll() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<DriverInfo> quarantined() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int clearQuarantine(String driver) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Transition> transitions(int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Object> configuration() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean awaitSettled(Duration timeout) {
        throw new UnsupportedOperationException();
    }
}
