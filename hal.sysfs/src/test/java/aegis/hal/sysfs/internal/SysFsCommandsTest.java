package aegis.hal.sysfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Optional;

import aegis.hal.api.device.DeviceState;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;

class SysFsCommandsTest {
    final FakeCapabilities caps = new FakeCapabilities();
    final FakeRegistry registry = new FakeRegistry();
    final SysFsEngine engine = new SysFsEngine(() -> caps, () -> registry, (t, p) -> { }, (m, e) -> { });
    final Caller console = new Caller(5, "aegis.hal.sysfs", c -> FakeCapabilities.trusted("aegis.hal.sysfs"));
    SysFsCommands sys;
    KeptAttribute freq;

    @BeforeEach
    void setUp() {
        freq = new KeptAttribute(AttributeSpec.builder("/sys/hal/cpu/0/frequency_mhz", AttributeType.INTEGER)
                .unit("MHz").writable().range(800, 4200).device("/dev/cpu/0").build(), 2400L);
        engine.add(freq, 1, 0, console);
        engine.add(new KeptAttribute(AttributeSpec.builder("/sys/hal/cpu/0/temperature", AttributeType.DECIMAL)
                .unit("C").device("/dev/cpu/0").build(), 41.5), 2, 0, console);
        registry.put("cpu:0", "CPU", "/dev/cpu/0", DeviceState.ACTIVE, "cpu-generic", 1_250_000L);
        sys = new SysFsCommands(context(null), new BundleSysFs(engine, console), null);
    }

    static ComponentContext context(Bundle using) {
        return (ComponentContext) Proxy.newProxyInstance(SysFsCommandsTest.class.getClassLoader(),
                new Class<?>[] { ComponentContext.class }, (p, m, a) -> m.getName().equals("getUsingBundle") ? using : null);
    }

    @Test
    void ls() {
        assertEquals("TYPE  MODE  UNIT  NAME\ndir               cpu/\ndir               devices/\n", sys.ls(false));
        assertEquals("TYPE     MODE  UNIT  NAME\nINTEGER  rw    MHz   frequency_mhz\nDECIMAL  r-    C     temperature\n",
                sys.ls(false, "/sys/hal/cpu/0"));
        String json = sys.ls(true, "/sys/hal/devices");
        assertEquals("[{\"name\":\"cpu:0\",\"path\":\"/sys/hal/devices/cpu:0\",\"directory\":true,\"spec\":null}]", json);
        assertEquals("error: NOT_FOUND: no directory /sys/hal/gpu", sys.ls(false, "/sys/hal/gpu"));
    }

    @Test
    void catAndWrite() {
        assertEquals("2400", sys.cat(false, "/sys/hal/cpu/0/frequency_mhz"));
        assertTrue(sys.cat(true, "/sys/hal/cpu/0/frequency_mhz").contains("\"value\":2400,\"text\":\"2400\",\"error\":\"\""));
        assertEquals("/sys/hal/cpu/0/frequency_mhz = 3000", sys.write(false, "/sys/hal/cpu/0/frequency_mhz", "3000"));
        assertEquals("error: INVALID_ARGUMENT: /sys/hal/cpu/0/frequency_mhz: value '100' rejected: below the minimum"
                + " 800 MHz (range 800..4200 MHz); nothing changed", sys.write(false, "/sys/hal/cpu/0/frequency_mhz", "100"));
        assertEquals(3000L, freq.value.get());
        assertEquals("error: UNSUPPORTED: /sys/hal/cpu/0/temperature is read-only; nothing changed",
                sys.write(false, "/sys/hal/cpu/0/temperature", "1"));
        assertEquals("error: NOT_FOUND: no attribute /sys/hal/cpu/0/nope", sys.cat(false, "/sys/hal/cpu/0/nope"));
    }

    @Test
    void treeAndFind() {
        assertEquals("0/\n  frequency_mhz = 2400\n  temperature = 41.5\n", sys.tree(false, "/sys/hal/cpu"));
        assertEquals("{\"0\":{\"frequency_mhz\":2400,\"temperature\":41.5}}", sys.tree(true, "/sys/hal/cpu"));
        assertEquals("/sys/hal/cpu/0/temperature\n/sys/hal/devices/cpu:0/state", sys.find(false, "**/t*") + "\n"
                + sys.find(false, "devices/*/state"));
        assertEquals("[\"/sys/hal/devices/cpu:0/probe_time_ms\"]", sys.find(true, "**/probe_*"));
        assertEquals("error: INVALID_ARGUMENT: empty glob", sys.find(false, ""));
    }

    @Test
    void applicationsCannotBorrowTheConsole() {
        Bundle app = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
                (p, m, a) -> m.getName().equals("getBundleId") ? 42L : null);
        FakeCapabilities withApp = new FakeCapabilities() {
            @Override
            public Subject subject(Bundle bundle) {
                return new FakeSubject("media/player", false, Optional.of(new Principal("media", "player")));
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SysFsCommands(context(app), new BundleSysFs(engine, console), withApp));
        assertTrue(e.getMessage().contains("application c/player") || e.getMessage().contains("media/player"), e.getMessage());
        FakeCapabilities gogo = new FakeCapabilities() {
            @Override
            public Subject subject(Bundle bundle) {
                return new FakeSubject("bundle 42", false, Optional.empty());
            }
        };
        new SysFsCommands(context(app), new BundleSysFs(engine, console), gogo); // no principal: the shell itself
    }
}
