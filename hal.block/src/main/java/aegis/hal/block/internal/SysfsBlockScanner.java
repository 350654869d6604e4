package aegis.hal.block.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.model.BlockDeviceInfo;

/**
 * Reads block devices from {@code /sys/block} (disks, loop, zram, virtio, nvme, mmc) and their
 * partitions (subdirectories with a {@code partition} file) through a {@link HostRoot}. A value the
 * host does not offer becomes {@code ""}/0/false; a value that is there but not a number is an
 * error naming the file. Stateless apart from the host root; thread-safe.
 */
public final class SysfsBlockScanner {
    private final HostRoot host;

    /** @param host where to read {@code /sys} */
    public SysfsBlockScanner(HostRoot host) {
        this.host = host;
    }

    /**
     * @return every disk followed by its partitions in number order, disks sorted by name
     * @throws HalException {@code IO} if {@code /sys/block} cannot be listed, {@code BAD_FORMAT} if a
     *                      numeric attribute holds something else (the message names the file)
     */
    public List<BlockDeviceInfo> scan() throws HalException {
        List<String> disks;
        try {
            disks = host.list("/sys/block");
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot list /sys/block: " + e.getMessage(), e);
        }
        List<BlockDeviceInfo> out = new ArrayList<>();
        for (String disk : disks) {
            scanDisk(disk, out);
        }
        return out;
    }

    /**
     * Reads one disk and its partitions.
     *
     * @param disk a name under {@code /sys/block}
     * @param out  receives the disk, then its partitions; nothing when the disk vanished meanwhile
     * @throws HalException as {@link #scan()}
     */
    public void scanDisk(String disk, List<BlockDeviceInfo> out) throws HalException {
        String base = "/sys/block/" + disk;
        if (disk.startsWith("loop")) {
            // A loop device with nothing attached is a placeholder: its queue and flags are the
            // driver's defaults until losetup configures it. Reading them for every idle loop device
            // (eight on a stock kernel) would triple the cost of a scan, so only its identity is read
            // and the block sizes are 0 ("not attached").
            Optional<String> size = host.readOptional(base + "/size");
            if (size.isEmpty()) {
                return;
            }
            if (size.get().trim().equals("0")) {
                out.add(new BlockDeviceInfo(disk, "", "loop", text(base + "/dev"), 0, 0, 0, false, false, false, "",
                        "", "", "", "", "", 0, 0, "", "", sysfsPath("/sys/block", disk), "/dev/" + disk));
                return;
            }
        }
        // one listing tells which attributes exist, so that absent ones cost no failed open
        Set<String> entries = listing(base);
        if (!entries.contains("dev")) {
            return; // gone while we looked, or not a device directory
        }
        String sysfs = sysfsPath("/sys/block", disk);
        long size = number(base + "/size", 0) * 512;
        boolean removable = entries.contains("removable") && flag(base + "/removable");
        boolean rotational = flag(base + "/queue/rotational");
        int logical = (int) number(base + "/queue/logical_block_size", 512);
        int physical = (int) number(base + "/queue/physical_block_size", logical);
        Set<String> device = entries.contains("device") ? listing(base + "/device") : Set.of();
        String type = disk.startsWith("loop") ? "loop"
                : device.contains("type") && "5".equals(text(base + "/device/type")) ? "rom" : "disk";
        String serial = entries.contains("serial") ? text(base + "/serial") : "";
        if (serial.isEmpty() && device.contains("serial")) {
            serial = text(base + "/device/serial");
        }
        if (serial.isEmpty() && device.contains("vpd_pg80")) {
            try {
                serial = ScsiVpd.serial(host.readBytes(base + "/device/vpd_pg80", 4096)).orElse("");
            } catch (IOException e) {
                serial = "";
            }
        }
        String transport = transport(disk, sysfs);
        if (serial.isEmpty() && transport.equals("usb")) {
            serial = usbSerial(sysfs);
        }
        String wwid = entries.contains("wwid") ? text(base + "/wwid") : "";
        String backing = entries.contains("loop") && size > 0 ? text(base + "/loop/backing_file") : "";
        out.add(new BlockDeviceInfo(disk, "", type, text(base + "/dev"), size, logical, physical, rotational,
                removable, flag(base + "/ro"), attr(device, base, "model"), serial, attr(device, base, "vendor"),
                attr(device, base, "rev"), wwid, transport, 0, 0, "", backing, sysfs, "/dev/" + disk));
        List<BlockDeviceInfo> parts = new ArrayList<>();
        for (String e : entries) {
            if (!e.startsWith(disk) || e.length() == disk.length()) {
                continue;
            }
            String p = base + "/" + e;
            Set<String> pe = listing(p);
            if (!pe.contains("partition")) {
                continue;
            }
            int number = (int) number(p + "/partition", 0);
            String partName = "";
            for (String line : text(p + "/uevent").split("\n")) {
                if (line.startsWith("PARTNAME=")) {
                    partName = line.substring("PARTNAME=".length());
                }
            }
            parts.add(new BlockDeviceInfo(e, disk, "part", text(p + "/dev"), number(p + "/size", 0) * 512, logical,
                    physical, rotational, removable, flag(p + "/ro"), "", "", "", "", wwid, "", number,
                    number(p + "/start", 0), partName, "", sysfs + "/" + e, "/dev/" + e));
        }
        parts.sort((a, b) -> Integer.compare(a.partitionNumber(), b.partitionNumber()));
        out.addAll(parts);
    }

    private String attr(Set<String> device, String base, String name) {
        return device.contains(name) ? text(base + "/device/" + name) : "";
    }

    private Set<String> listing(String dir) throws HalException {
        try {
            return new HashSet<>(host.list(dir));
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param name a kernel name of a disk or partition
     * @return that device, if the host has it
     * @throws HalException as {@link #scan()}
     */
    public Optional<BlockDeviceInfo> find(String name) throws HalException {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        List<BlockDeviceInfo> found = new ArrayList<>();
        if (host.exists("/sys/block/" + name)) {
            scanDisk(name, found);
        } else {
            for (BlockDeviceInfo d : scan()) {
                if (d.name().equals(name)) {
                    return Optional.of(d);
                }
            }
        }
        return found.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The serial of the USB device above a USB disk: the nearest ancestor with idVendor and serial. */
    private String usbSerial(String sysfs) {
        for (String dir = parentOf(sysfs); dir.startsWith("/sys/devices/"); dir = parentOf(dir)) {
            if (host.exists(dir + "/idVendor")) {
                return text(dir + "/serial");
            }
        }
        return "";
    }

    private static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    static String transport(String name, String sysfs) {
        if (name.startsWith("nvme") || sysfs.contains("/nvme/")) {
            return "nvme";
        }
        if (sysfs.contains("/usb")) {
            return "usb";
        }
        if (sysfs.contains("/ata")) {
            return "sata";
        }
        return "";
    }

    /** Resolves {@code <dir>/<name>}'s relative sysfs link into an absolute host path. */
    private String sysfsPath(String dir, String name) {
        Optional<String> link = host.readLink(dir + "/" + name);
        if (link.isEmpty()) {
            return dir + "/" + name;
        }
        String target = link.get();
        if (target.startsWith("/")) {
            return target;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String s : dir.substring(1).split("/")) {
            parts.addLast(s);
        }
        for (String s : target.split("/")) {
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                parts.addLast(s);
            }
        }
        return "/" + String.join("/", parts);
    }

    private String text(String path) {
        return host.readOptional(path).map(String::trim).orElse("");
    }

    private boolean flag(String path) throws HalException {
        return number(path, 0) != 0;
    }

    private long number(String path, long absent) throws HalException {
        String s = text(path);
        if (s.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new HalException(ErrorCode.BAD_FORMAT, path + ": expected a decimal number, found '"
                    + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'");
        }
    }
}
