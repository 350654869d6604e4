package aegis.hal.registry.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** When a DS component configuration carries what a configuration file put into Configuration Admin. */
class DeployConfigsTest {
    static Hashtable<String, Object> config(Object... kv) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put((String) kv[i], kv[i + 1]);
        }
        return h;
    }

    @Test
    void everyPropertyOfTheFileMustBeThereComparedAsText() {
        Hashtable<String, Object> cfg = config("service.pid", "aegis.hal.registry", "felix.fileinstall.filename",
                "file:/deploy/aegis.hal.registry.cfg", "deadline.match.ms", "1234", "tags", new String[] {"a", "b"});
        Map<String, Object> component = Map.of("component.name", "x", "component.id", 3L, "service.pid",
                "aegis.hal.registry", "felix.fileinstall.filename", "file:/deploy/aegis.hal.registry.cfg",
                "deadline.match.ms", 1234L, "tags", List.of("a", "b"), "extra", "from the annotation defaults");
        assertTrue(DeployConfigs.carries(component, cfg));

        Map<String, Object> stale = new java.util.HashMap<>(component);
        stale.put("deadline.match.ms", 1000L);
        assertFalse(DeployConfigs.carries(stale, cfg), "an older value");
        stale.put("deadline.match.ms", "1234");
        stale.put("tags", new String[] {"a"});
        assertFalse(DeployConfigs.carries(stale, cfg), "a shorter array");
        stale.remove("tags");
        assertFalse(DeployConfigs.carries(stale, cfg), "a property missing");
        assertFalse(DeployConfigs.carries(null, cfg), "no properties at all");
    }

    @Test
    void configurationFilesAreThoseFileInstallReads() {
        assertTrue(DeployConfigs.isConfigFile("aegis.hal.registry.cfg"));
        assertTrue(DeployConfigs.isConfigFile("org.example.factory-one.config"));
        assertFalse(DeployConfigs.isConfigFile("hal.block.nvme.jar"));
        assertFalse(DeployConfigs.isConfigFile("notes.cfg.bak"));
    }
}
