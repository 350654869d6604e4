package aegis.hal.uefi.internal;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.host.HostRoot;
import aegis.hal.uefi.codec.Guids;
import aegis.hal.uefi.model.BootEntry;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.LoadOption;
import aegis.hal.uefi.model.SecureBootState;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the registered UEFI Device services equal to a snapshot: {@code uefi:firmware} and one
 * {@code uefi:bootXXXX} per Boot#### entry, child of the firmware. A device whose description
 * changed is replaced (unregistered, registered again). Thread-safe (synchronised; the calls are
 * short and never call out to hardware).
 */
final class DeviceSync {
    /** Registers a service; {@code BundleContext::registerService} in the runtime. */
    interface Registrar {
        Registration register(Class<Device> type, Device device, Dictionary<String, ?> props);
    }

    /** A registered device; {@link #unregister()} withdraws it. */
    interface Registration {
        /** Withdraws the service; called once. */
        void unregister();
    }

    static final String FIRMWARE_ID = "uefi:firmware";
    /** The firmware's devfs node: grants on it govern UEFI variable writes. */
    static final String FIRMWARE_NODE = "/dev/uefi/firmware";

    private final Registrar registrar;
    private final Map<String, Registered> registered = new LinkedHashMap<>();

    private record Registered(BasicDevice device, Registration registration) {
    }

    DeviceSync(Registrar registrar) {
        this.registrar = registrar;
    }

    synchronized void sync(HostRoot host, BootManager bm, SecureBootState sb) {
        Map<String, BasicDevice> wanted = new LinkedHashMap<>();
        BasicDevice.Builder fw = BasicDevice.builder(FIRMWARE_ID, DeviceClass.UEFI).devfsPath(FIRMWARE_NODE)
                .property(Device.HOST_PATH, UefiServiceImpl.EFI_DIR)
                .property("efi.secure_boot", sb.secureBoot().map(v -> v == 1 ? "enabled" : "disabled").orElse("unknown"))
                .property("efi.setup_mode", sb.setupMode().map(v -> v == 1).orElse(false))
                .property("efi.boot_entries", bm.entries().size());
        host.readOptional(UefiServiceImpl.EFI_DIR + "/fw_platform_size").ifPresent(s -> fw.property("efi.platform_size", s));
        wanted.put(FIRMWARE_ID, fw.build());
        for (BootEntry e : bm.entries()) {
            BasicDevice.Builder b = BasicDevice.builder(e.deviceId(), DeviceClass.UEFI).parent(FIRMWARE_ID)
                    .property(Device.HOST_PATH, UefiServiceImpl.EFIVARS_DIR + "/" + e.name() + "-" + Guids.GLOBAL)
                    .property("efi.variable", e.name())
                    .property("efi.boot_order_position", bm.bootOrder().indexOf(e.number()));
            if (e.option().isPresent()) {
                LoadOption o = e.option().get();
                b.property("description", o.description()).property("active", o.active())
                        .property("device_path", o.devicePathText());
            } else {
                b.property("error", e.error().orElse(""));
            }
            wanted.put(e.deviceId(), b.build());
        }
        registered.entrySet().removeIf(en -> {
            BasicDevice w = wanted.get(en.getKey());
            if (w == null || !same(w, en.getValue().device())) {
                unregister(en.getValue());
                return true;
            }
            return false;
        });
        for (BasicDevice d : wanted.values()) {
            if (!registered.containsKey(d.id())) {
                registered.put(d.id(), new Registered(d, registrar.register(Device.class, d, d.serviceProperties())));
            }
        }
    }

    synchronized void clear() {
        registered.values().forEach(DeviceSync::unregister);
        registered.clear();
    }

    synchronized Map<String, BasicDevice> devices() {
        Map<String, BasicDevice> m = new LinkedHashMap<>();
        registered.forEach((k, v) -> m.put(k, v.device()));
        return m;
    }

    private static boolean same(BasicDevice a, BasicDevice b) {
        return a.properties().equals(b.properties()) && Objects.equals(a.parentId(), b.parentId());
    }

    private static void unregister(Registered r) {
        try {
            r.registration().unregister();
        } catch (IllegalStateException e) {
            // already unregistered (bundle stopping)
        }
    }
}
