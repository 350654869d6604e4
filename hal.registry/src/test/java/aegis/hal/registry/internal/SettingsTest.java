package aegis.hal.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import aegis.hal.api.registry.TakeoverPolicy;

import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void parsesStringsAndNumbersAndKeepsDefaultsForAbsentKeys() throws Exception {
        Settings s = Settings.parse(Map.of("takeover.policy", "BETTER", "deadline.probe.ms", "250",
                "quarantine.threshold", 7), Settings.DEFAULTS);
        assertEquals(TakeoverPolicy.BETTER, s.takeover());
        assertEquals(250, s.probeMs());
        assertEquals(7, s.quarantineThreshold());
        assertEquals(Settings.DEFAULTS.initMs(), s.initMs());
    }

    @Test
    void namesTheInvalidProperty() {
        assertTrue(assertThrows(Settings.InvalidSettingsException.class,
                () -> Settings.parse(Map.of("deadline.probe.ms", "soon"), Settings.DEFAULTS)).getMessage()
                .startsWith("deadline.probe.ms"));
        assertTrue(assertThrows(Settings.InvalidSettingsException.class,
                () -> Settings.parse(Map.of("quarantine.threshold", 0), Settings.DEFAULTS)).getMessage()
                .contains("outside 1..1000"));
        assertTrue(assertThrows(Settings.InvalidSettingsException.class,
                () -> Settings.parse(Map.of("takeover.policy", "sometimes"), Settings.DEFAULTS)).getMessage()
                .startsWith("takeover.policy"));
        assertTrue(assertThrows(Settings.InvalidSettingsException.class,
                () -> Settings.parse(Map.of("handover.grace.ms", 1.5), Settings.DEFAULTS)).getMessage()
                .startsWith("handover.grace.ms"));
    }
}
