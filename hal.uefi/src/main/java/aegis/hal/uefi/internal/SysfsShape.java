package aegis.hal.uefi.internal;

import aegis.hal.uefi.model.BootEntry;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.LoadOption;
import aegis.hal.uefi.model.SecureBootState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The attributes this subsystem will publish under {@code /sys/hal/uefi} once hal.sysfs exists:
 * path to value, from one snapshot. Not registered anywhere yet; it fixes their names and text
 * form so that wiring them is a matter of registration. Stateless.
 */
final class SysfsShape {
    static final String ROOT = "/sys/hal/uefi";

    private SysfsShape() {
    }

    static Map<String, String> attributes(BootManager bm, SecureBootState sb) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ROOT + "/secure_boot", sb.secureBoot().map(v -> v == 1 ? "enabled" : v == 0 ? "disabled" : "unknown")
                .orElse("unsupported"));
        m.put(ROOT + "/setup_mode", sb.setupMode().map(String::valueOf).orElse(""));
        m.put(ROOT + "/boot_current", bm.bootCurrent().map(n -> String.format("%04X", n)).orElse(""));
        m.put(ROOT + "/boot_order", bm.bootOrder().stream().map(n -> String.format("%04X", n)).collect(Collectors.joining(",")));
        m.put(ROOT + "/timeout", bm.timeout().map(String::valueOf).orElse(""));
        for (BootEntry e : bm.entries()) {
            String dir = ROOT + "/boot/" + String.format("%04X", e.number());
            if (e.option().isPresent()) {
                LoadOption o = e.option().get();
                m.put(dir + "/description", o.description());
                m.put(dir + "/active", o.active() ? "1" : "0");
                m.put(dir + "/device_path", o.devicePathText());
            } else {
                m.put(dir + "/error", e.error().orElse(""));
            }
        }
        return m;
    }
}
