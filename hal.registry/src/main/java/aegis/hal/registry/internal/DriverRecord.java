package aegis.hal.registry.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import aegis.hal.api.driver.Driver;

/**
 * What the registry knows of one Driver service. The identity fields are final; the counters are
 * confined to the binding thread except {@link #initState}, which worker threads set under
 * {@link #initLock}.
 */
final class DriverRecord {
    enum Init { NONE, OK, FAILED }

    final Driver driver;
    final long serviceId;
    final String name;
    final String bundle;
    final String bundleVersion;
    final long bundleId;
    final Set<String> classes;
    volatile int ranking;

    final ReentrantLock initLock = new ReentrantLock();
    volatile Init initState = Init.NONE;
    volatile String initFailure = "";

    // binding thread only
    int consecutiveFailures;
    boolean quarantined;
    String quarantineReason = "";
    boolean removed;
    int bound;

    DriverRecord(Driver driver, long serviceId, String name, String bundle, String bundleVersion, long bundleId,
            Set<String> classes, int ranking) {
        this.driver = driver;
        this.serviceId = serviceId;
        this.name = name;
        this.bundle = bundle;
        this.bundleVersion = bundleVersion;
        this.bundleId = bundleId;
        this.classes = Set.copyOf(classes);
        this.ranking = ranking;
    }

    int ranking() {
        return ranking;
    }

    long serviceId() {
        return serviceId;
    }

    boolean serves(String deviceClass) {
        return classes.contains(deviceClass);
    }

    List<String> sortedClasses() {
        return classes.stream().sorted().toList();
    }

    @Override
    public String toString() {
        return name + "#" + serviceId;
    }
}
