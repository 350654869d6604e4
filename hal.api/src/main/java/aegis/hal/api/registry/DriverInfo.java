package aegis.hal.api.registry;

import java.util.List;

/**
 * An immutable snapshot of a driver as the registry sees it.
 *
 * @param serviceId            its service id
 * @param name                 its name ({@code aegis.hal.driver.name})
 * @param bundle               the symbolic name of the bundle that registered it
 * @param bundleVersion        that bundle's version
 * @param ranking              its {@code service.ranking}
 * @param classes              the device classes it serves
 * @param boundDevices         how many devices it holds
 * @param initialized          whether its {@code init()} succeeded
 * @param consecutiveFailures  failed callbacks in a row
 * @param quarantined          whether it is quarantined
 * @param quarantineReason     the failure that quarantined it, or {@code ""}
 */
public record DriverInfo(long serviceId, String name, String bundle, String bundleVersion, int ranking,
        List<String> classes, int boundDevices, boolean initialized, int consecutiveFailures, boolean quarantined,
        String quarantineReason) {
    /** Copies the list. */
    public DriverInfo {
        classes = List.copyOf(classes);
    }
}
