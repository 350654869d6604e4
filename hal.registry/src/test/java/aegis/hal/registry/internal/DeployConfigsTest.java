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
                "deadline.match.ms", 1234L, "tags", new String[] {"a", "b"}, "extra", "from the annotation defaults");
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

    /** Felix SCR keeps strings, booleans, numbers and arrays of those in DTOs; the rest becomes text. */
    @Test
    void valuesAreComparedAsSCRCopiesThemIntoItsDTOs() {
        Hashtable<String, Object> cfg = config("names", List.of("a", "b"), "bits", new int[] {1, 2},
                "letter", 'x', "felix.fileinstall.filename", "file:/deploy/b.cfg");
        // a collection becomes "[a, b]"; a primitive array its identity, which cannot be compared;
        // the file name is that of whichever file DS merged last (several PIDs): not compared
        Map<String, Object> component = Map.of("names", "[a, b]", "bits", "[I@1b6d3586", "letter", "x",
                "felix.fileinstall.filename", "file:/deploy/a.cfg");
        assertTrue(DeployConfigs.carries(component, cfg));
        assertFalse(DeployConfigs.carries(Map.of("names", "[a]", "letter", "x"), cfg));
    }

    /** A component taking PIDs A and B: B's values win for keys both set, so A's are not compared. */
    @Test
    void keysAnotherConfigurationOverridesAreSkipped() {
        Hashtable<String, Object> a = config("shared", "from a", "only.a", "1");
        Map<String, Object> component = Map.of("shared", "from b", "only.a", "1");
        assertFalse(DeployConfigs.carries(component, a));
        assertTrue(DeployConfigs.carries(component, a, java.util.Set.of("shared")));
    }
}
