package aegis.hal.api.device;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The class of a device (CPU, BLOCK, USB, ...). Drivers declare the classes they serve, so the
 * registry never asks a driver about a device it cannot serve. The set is open: a bundle may use
 * its own class name, written in upper case letters, digits and underscores.
 *
 * @param name the class name, for example {@code "BLOCK"}
 */
public record DeviceClass(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    /** Processors: packages, cores and logical CPUs. */
    public static final DeviceClass CPU = new DeviceClass("CPU");
    /** Graphics adapters. */
    public static final DeviceClass GPU = new DeviceClass("GPU");
    /** Sound cards and PCM streams. */
    public static final DeviceClass AUDIO = new DeviceClass("AUDIO");
    /** Disks, partitions and other block devices. */
    public static final DeviceClass BLOCK = new DeviceClass("BLOCK");
    /** USB controllers, hubs, devices and interfaces. */
    public static final DeviceClass USB = new DeviceClass("USB");
    /** Input devices (keyboards, pointers, HID). */
    public static final DeviceClass INPUT = new DeviceClass("INPUT");
    /** Batteries, adapters and system power. */
    public static final DeviceClass POWER = new DeviceClass("POWER");
    /** Devices in the ACPI namespace. */
    public static final DeviceClass ACPI = new DeviceClass("ACPI");
    /** UEFI firmware objects. */
    public static final DeviceClass UEFI = new DeviceClass("UEFI");
    /** Simulated devices (the hal.sim bundle). */
    public static final DeviceClass SIM = new DeviceClass("SIM");

    /**
     * Validates the name.
     *
     * @throws IllegalArgumentException if the name is not 1 to 32 upper case letters, digits or
     *                                  underscores starting with a letter
     */
    public DeviceClass {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid device class '" + name
                    + "': expected 1-32 of A-Z, 0-9, _ starting with a letter");
        }
    }

    /**
     * @param name a class name
     * @return the class of that name
     * @throws IllegalArgumentException if the name is invalid
     */
    public static DeviceClass of(String name) {
        return new DeviceClass(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
