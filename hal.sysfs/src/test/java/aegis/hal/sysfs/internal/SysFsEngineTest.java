package aegis.hal.sysfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import aegis.hal.api.device.DeviceState;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeChanged;
import aegis.hal.sysfs.AttributeInfo;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import aegis.hal.sysfs.SysEntry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SysFsEngineTest {
    static final String FREQ = "/sys/hal/cpu/0/frequency_mhz";
    static final String TEMP = "/sys/hal/cpu/0/temperature";
    static final String GOV = "/sys/hal/cpu/0/governor";
    static final String BATTERY = "/sys/hal/power/battery_status";
    static final String LED = "/sys/hal/power/led";

    final FakeCapabilities caps = new FakeCapabilities();
    final AtomicReference<CapabilityService> capRef = new AtomicReference<>(caps);
    final FakeRegistry registry = new FakeRegistry();
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final SysFsEngine engine = new SysFsEngine(capRef::get, () -> registry, (t, p) -> {
        assertEquals(AttributeChanged.TOPIC, t);
        events.add(p);
    }, (m, e) -> warnings.add(m));

    final Caller hal = caller(1, FakeCapabilities.trusted("hal"));
    final Caller app = caller(2, FakeCapabilities.app("app"));
    final Caller other = caller(3, FakeCapabilities.app("other"));

    KeptAttribute freq;
    KeptAttribute temp;
    KeptAttribute gov;
    KeptAttribute battery;
    KeptAttribute led;
    long nextServiceId = 100;

    static Caller caller(long id, aegis.hal.capability.api.Subject s) {
        return new Caller(id, s.toString(), cap -> s);
    }

    KeptAttribute register(AttributeSpec spec, Object value, Caller owner, int ranking) {
        KeptAttribute a = new KeptAttribute(spec, value);
        engine.add(a, nextServiceId++, ranking, owner);
        return a;
    }

    @BeforeEach
    void tree() {
        freq = register(AttributeSpec.builder(FREQ, AttributeType.INTEGER).unit("MHz").writable().range(800, 4200)
                .device("/dev/cpu/0").build(), 2400L, hal, 0);
        temp = register(AttributeSpec.builder(TEMP, AttributeType.DECIMAL).unit("C").device("/dev/cpu/0").build(),
                41.5, hal, 0);
        gov = register(AttributeSpec.builder(GOV, AttributeType.ENUM).writable(Permission.mask(Permission.WRITE,
                Permission.EXECUTE)).allowed("performance", "powersave").device("/dev/cpu/0").build(), "powersave", hal, 0);
        battery = register(AttributeSpec.builder(BATTERY, AttributeType.ENUM).allowed("charging", "full").build(),
                "full", hal, 0);
        led = register(AttributeSpec.builder(LED, AttributeType.BOOLEAN).writable().build(), false, hal, 0);
        registry.put("cpu:0", "CPU", "/dev/cpu/0", DeviceState.ACTIVE, "cpu-generic", 1_500_000L);
        registry.put("acpi:\\_SB.PCI0", "ACPI", "", DeviceState.ACTIVE, "acpi-generic", null);
        registry.put("block:loop0", "BLOCK", "/dev/block/loop0", DeviceState.DEFERRED, "", null);
    }

    // ------------------------------------------------------------------ writes and validation

    @Test
    void invalidWriteIsRejectedNamingPathValueAndRuleAndTheOldValueStays() throws HalException {
        HalException e = assertThrows(HalException.class, () -> engine.write(hal, FREQ, "9000"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(FREQ + ": value '9000' rejected: above the maximum 4200 MHz (range 800..4200 MHz); nothing changed",
                e.getMessage());
        assertEquals(0, freq.writes.get(), "the provider never saw the value");
        assertEquals(2400L, engine.read(hal, FREQ));
        assertTrue(events.isEmpty());

        e = assertThrows(HalException.class, () -> engine.write(hal, FREQ, "fast"));
        assertTrue(e.getMessage().contains("value 'fast' rejected: not an integer"), e.getMessage());
        assertEquals("2400", engine.readText(hal, FREQ));
    }

    @Test
    void validWriteIsAppliedConvertedAndPosted() throws HalException {
        engine.write(hal, FREQ, " 3000 ");
        assertEquals(3000L, freq.value.get());
        assertEquals(3000L, engine.read(hal, FREQ));
        engine.write(hal, LED, "on");
        assertEquals(Boolean.TRUE, engine.read(hal, LED));
        assertEquals(2, events.size());
        Map<String, Object> device = events.get(0);
        assertEquals(FREQ, device.get(AttributeChanged.PATH));
        assertEquals(AttributeChanged.CAUSE_WRITE, device.get(AttributeChanged.CAUSE));
        assertFalse(device.containsKey(AttributeChanged.VALUE), "a device attribute's value is not broadcast");
        Map<String, Object> open = events.get(1);
        assertEquals(LED, open.get(AttributeChanged.PATH));
        assertEquals(Boolean.TRUE, open.get(AttributeChanged.VALUE));
        assertEquals("true", open.get(AttributeChanged.TEXT));
    }

    @Test
    void aProviderThatRefusesLeavesThePreviousValue() throws HalException {
        freq.refuse = true;
        HalException e = assertThrows(HalException.class, () -> engine.write(hal, FREQ, "3000"));
        assertEquals(ErrorCode.IO, e.code());
        assertEquals(FREQ + ": writing '3000' failed, the previous value stays: the host refused it", e.getMessage());
        assertEquals(2400L, engine.read(hal, FREQ));
        assertTrue(events.isEmpty());
    }

    @Test
    void readOnlyAndUnknownAttributes() {
        HalException e = assertThrows(HalException.class, () -> engine.write(hal, TEMP, "40"));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith(TEMP + " is read-only"));
        e = assertThrows(HalException.class, () -> engine.write(hal, "/sys/hal/devices/cpu:0/state", "ACTIVE"));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        e = assertThrows(HalException.class, () -> engine.read(hal, "/sys/hal/cpu/0/nope"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("no attribute /sys/hal/cpu/0/nope", e.getMessage());
        e = assertThrows(HalException.class, () -> engine.read(hal, "/sys/hal/cpu/0"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("is a directory"));
        e = assertThrows(HalException.class, () -> engine.read(hal, "/sys/hal/cpu/../x"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void providerFailuresAreReportedWithThePath() throws HalException {
        register(AttributeSpec.builder("/sys/hal/t/broken", AttributeType.INTEGER).build(), "not a number", hal, 0);
        Attribute thrower = new Attribute() {
            @Override
            public AttributeSpec spec() {
                return AttributeSpec.builder("/sys/hal/t/thrower", AttributeType.STRING).build();
            }

            @Override
            public Object read() {
                throw new IllegalStateException("boom");
            }
        };
        engine.add(thrower, 999, 0, hal);
        HalException e = assertThrows(HalException.class, () -> engine.read(hal, "/sys/hal/t/broken"));
        assertEquals(ErrorCode.DRIVER_FAILED, e.code());
        e = assertThrows(HalException.class, () -> engine.read(hal, "/sys/hal/t/thrower"));
        assertEquals(ErrorCode.DRIVER_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("/sys/hal/t/thrower: the provider's read failed"));
        AttributeInfo info = engine.stat(hal, "/sys/hal/t/thrower");
        assertNull(info.value());
        assertTrue(info.error().startsWith("DRIVER_FAILED: "));
        assertNull(engine.tree(hal, "/sys/hal/t").get("thrower"));
    }

    // ------------------------------------------------------------------ permissions

    @Test
    void deviceAttributesNeedReadOnTheDeviceAndTheWriteMaskToWrite() throws HalException {
        HalException e = assertThrows(HalException.class, () -> engine.read(app, FREQ));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().startsWith("cannot read " + FREQ + ": app lacks READ on /dev/cpu/0"), e.getMessage());

        caps.grant("app", "/dev/cpu/*", Permission.READ);
        assertEquals(2400L, engine.read(app, FREQ));
        e = assertThrows(HalException.class, () -> engine.write(app, FREQ, "3000"));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertEquals(2400L, freq.value.get());

        caps.grant("app", "/dev/cpu/0", Permission.WRITE);
        engine.write(app, FREQ, "3000");
        assertEquals(3000L, freq.value.get());
        e = assertThrows(HalException.class, () -> engine.write(app, GOV, "performance"));
        assertTrue(e.getMessage().contains("EXECUTE"), "the governor needs WRITE and EXECUTE: " + e.getMessage());
        assertEquals("powersave", gov.value.get());
    }

    @Test
    void permissionIsCheckedBeforeTheValueIsParsed() {
        HalException e = assertThrows(HalException.class, () -> engine.write(app, FREQ, "nonsense"));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code(), "no rule is revealed to a caller that may not write");
    }

    @Test
    void attributesWithoutADeviceAreOpenToReadAndNeedAdminOnAllOfDevToWrite() throws HalException {
        assertEquals("full", engine.read(app, BATTERY));
        assertEquals(Boolean.FALSE, engine.read(app, LED));
        caps.grant("app", "/dev/**", Permission.WRITE);
        caps.grant("app", "/dev/power/*", Permission.ADMIN);
        caps.grant("app", "/dev/*", Permission.ADMIN); // covers /dev/x, not /dev itself
        HalException e = assertThrows(HalException.class, () -> engine.write(app, LED, "on"));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("ADMIN on /dev"), e.getMessage());
        assertEquals(Boolean.FALSE, led.value.get());
        caps.grant("app", "/dev/**", Permission.ADMIN);
        engine.write(app, LED, "on");
        assertEquals(Boolean.TRUE, led.value.get());
    }

    @Test
    void adminAnywhereStillNeedsTheWriteMask() {
        caps.grant("app", "/dev/**", Permission.ADMIN);
        HalException e = assertThrows(HalException.class, () -> engine.write(app, LED, "on"));
        assertTrue(e.getMessage().contains("WRITE"), e.getMessage());
    }

    @Test
    void withoutTheCapabilityServiceOnlyOpenReadsWork() throws HalException {
        capRef.set(null);
        assertEquals("full", engine.read(app, BATTERY));
        assertEquals("full", engine.read(hal, BATTERY));
        for (Caller c : List.of(hal, app)) {
            HalException e = assertThrows(HalException.class, () -> engine.read(c, FREQ));
            assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
            assertTrue(e.getMessage().contains("capability service is absent"));
            e = assertThrows(HalException.class, () -> engine.write(c, LED, "on"));
            assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        }
        assertEquals(Boolean.FALSE, led.value.get());
        assertEquals(List.of("devices", "power"), names(engine.list(app, "/sys/hal")));
    }

    @Test
    void aCapabilityServiceThatThrowsFailsClosed() throws HalException {
        capRef.set(new FakeCapabilities() {
            @Override
            public void require(aegis.hal.capability.api.Subject s, String p, int m) {
                throw new IllegalStateException("broken");
            }

            @Override
            public int permissions(aegis.hal.capability.api.Subject s, String p) {
                throw new IllegalStateException("broken");
            }
        });
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class, () -> engine.read(app, FREQ)).code());
        assertFalse(engine.find(app, "**").contains(FREQ));
    }

    @Test
    void revocationTakesEffectOnTheNextCall() throws HalException {
        caps.grant("app", "/dev/cpu/0", Permission.READ);
        assertEquals(41.5, engine.read(app, TEMP));
        caps.revokeAll("app");
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class, () -> engine.read(app, TEMP)).code());
    }

    @Test
    void listingsShowOnlyWhatTheCallerMayRead() throws HalException {
        assertEquals(List.of("devices", "power"), names(engine.list(app, "/sys/hal")));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> engine.list(app, "/sys/hal/cpu")).code());
        assertEquals(List.of(), names(engine.list(app, "/sys/hal/devices")));
        caps.grant("app", "/dev/cpu/*", Permission.READ);
        assertEquals(List.of("cpu", "devices", "power"), names(engine.list(app, "/sys/hal")));
        assertEquals(List.of("cpu:0"), names(engine.list(app, "/sys/hal/devices")));
        assertEquals(List.of("frequency_mhz", "governor", "temperature"), names(engine.list(app, "/sys/hal/cpu/0")));
        caps.grant("app", "/dev/**", Permission.ADMIN);
        assertEquals(List.of("acpi:%5C_SB.PCI0", "cpu:0"), names(engine.list(app, "/sys/hal/devices")),
                "ADMIN anywhere shows devices without a node; a node still needs READ");
        assertEquals(List.of("acpi:%5C_SB.PCI0", "block:loop0", "cpu:0"), names(engine.list(hal, "/sys/hal/devices")));
    }

    // ------------------------------------------------------------------ the devices tree

    @Test
    void devicesDirectoryIsLiveFromTheRegistry() throws HalException {
        String dir = "/sys/hal/devices/cpu:0";
        assertEquals(List.of("class", "devfs", "driver", "parent", "probe_time_ms", "reason", "state"),
                names(engine.list(hal, dir)));
        assertEquals("ACTIVE", engine.read(hal, dir + "/state"));
        assertEquals("CPU", engine.read(hal, dir + "/class"));
        assertEquals("cpu-generic", engine.read(hal, dir + "/driver"));
        assertEquals("/dev/cpu/0", engine.read(hal, dir + "/devfs"));
        assertEquals("1.5", engine.readText(hal, dir + "/probe_time_ms"));
        assertEquals("ms", engine.stat(hal, dir + "/probe_time_ms").spec().unit());
        assertEquals("because ACTIVE", engine.read(hal, dir + "/reason"));
        assertEquals(List.of("class", "devfs", "driver", "parent", "reason", "state"),
                names(engine.list(hal, "/sys/hal/devices/block:loop0")), "no probe time before a probe");

        registry.put("cpu:0", "CPU", "/dev/cpu/0", DeviceState.SUSPENDED, "cpu-generic", 1_500_000L);
        assertEquals("SUSPENDED", engine.read(hal, dir + "/state"));
        registry.devices.remove("cpu:0");
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> engine.read(hal, dir + "/state")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> engine.list(hal, dir)).code());
        registry.put("sim:new0", "SIM", "", DeviceState.DISCOVERED, "", null);
        assertEquals(List.of("acpi:%5C_SB.PCI0", "block:loop0", "sim:new0"), names(engine.list(hal, "/sys/hal/devices")));
    }

    @Test
    void builtInDeviceAttributesFollowTheDeviceGrant() throws HalException {
        String acpi = "/sys/hal/devices/acpi:%5C_SB.PCI0/state";
        assertEquals("ACTIVE", engine.read(hal, acpi));
        HalException e = assertThrows(HalException.class, () -> engine.read(app, acpi));
        assertTrue(e.getMessage().contains("ADMIN on /dev"), "a device without a node needs ADMIN anywhere: " + e.getMessage());
        e = assertThrows(HalException.class, () -> engine.read(app, "/sys/hal/devices/block:loop0/state"));
        assertTrue(e.getMessage().contains("READ on /dev/block/loop0"), e.getMessage());
        caps.grant("app", "/dev/block/*", Permission.READ);
        assertEquals("DEFERRED", engine.read(app, "/sys/hal/devices/block:loop0/state"));
        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(HalException.class, () -> engine.read(hal, "/sys/hal/devices/acpi:%5c_SB.PCI0/state")).code(),
                "only the canonical directory name reaches the device");
    }

    @Test
    void deviceEventsBecomeAttributeChangeEvents() {
        engine.deviceEvent("cpu:0", "ACTIVE");
        assertEquals(7, events.size(), "a first event reports every attribute");
        events.clear();
        engine.deviceEvent("cpu:0", "ACTIVE");
        assertTrue(events.isEmpty(), "nothing changed");
        registry.put("cpu:0", "CPU", "/dev/cpu/0", DeviceState.SUSPENDED, "cpu-generic", 1_500_000L);
        engine.deviceEvent("cpu:0", "SUSPENDED");
        List<Object> paths = new ArrayList<>();
        events.forEach(e -> paths.add(e.get(AttributeChanged.PATH)));
        assertEquals(List.of("/sys/hal/devices/cpu:0/reason", "/sys/hal/devices/cpu:0/state"), paths.stream().sorted().toList());
        events.forEach(e -> {
            assertEquals("cpu:0", e.get(AttributeChanged.DEVICE_ID));
            assertEquals(AttributeChanged.CAUSE_DEVICE, e.get(AttributeChanged.CAUSE));
        });
        events.clear();
        registry.devices.remove("cpu:0");
        engine.deviceEvent("cpu:0", "REMOVED");
        assertEquals(1, events.size());
        assertEquals("/sys/hal/devices/cpu:0", events.get(0).get(AttributeChanged.PATH));
        assertEquals(AttributeChanged.CAUSE_REMOVED, events.get(0).get(AttributeChanged.CAUSE));
    }

    // ------------------------------------------------------------------ tree and find

    @Test
    void treeAggregatesASubtree() throws HalException {
        Map<String, Object> t = engine.tree(hal, "/sys/hal");
        assertEquals(List.of("cpu", "devices", "power"), List.copyOf(t.keySet()));
        assertEquals(Map.of("frequency_mhz", 2400L, "governor", "powersave", "temperature", 41.5),
                ((Map<?, ?>) t.get("cpu")).get("0"));
        assertEquals(Map.of("battery_status", "full", "led", false), t.get("power"));
        Map<?, ?> dev = (Map<?, ?>) ((Map<?, ?>) t.get("devices")).get("cpu:0");
        assertEquals("ACTIVE", dev.get("state"));
        assertEquals(1.5, dev.get("probe_time_ms"));
        assertEquals("{\"battery_status\":\"full\",\"led\":false}",
                aegis.hal.api.json.Json.write(engine.tree(hal, "/sys/hal/power")));
        // an application sees only the open part
        assertEquals(Map.of("devices", Map.of(), "power", Map.of("battery_status", "full", "led", false)),
                engine.tree(app, "/sys/hal"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class, () -> engine.tree(hal, LED)).code());
    }

    @Test
    void findByGlob() throws HalException {
        assertEquals(List.of("/sys/hal/devices/acpi:%5C_SB.PCI0/state", "/sys/hal/devices/block:loop0/state",
                "/sys/hal/devices/cpu:0/state"), engine.find(hal, "devices/*/state"));
        assertEquals(List.of(FREQ, GOV, TEMP), engine.find(hal, "/sys/hal/cpu/**"));
        assertEquals(List.of(TEMP), engine.find(hal, "**/temp*"));
        assertEquals(List.of(BATTERY, LED), engine.find(app, "**"));
        assertEquals(List.of(), engine.find(app, "**/frequency_mhz"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class, () -> engine.find(hal, "a**")).code());
    }

    // ------------------------------------------------------------------ registrations

    @Test
    void rankingDecidesAndConflictsAreRefused() throws HalException {
        KeptAttribute better = register(AttributeSpec.builder(BATTERY, AttributeType.ENUM).allowed("charging", "full")
                .build(), "charging", hal, 10);
        assertEquals("charging", engine.read(hal, BATTERY));
        engine.remove(nextServiceId - 1);
        assertEquals("full", engine.read(hal, BATTERY));
        assertEquals(0, better.writes.get());

        register(AttributeSpec.builder("/sys/hal/power/led/x", AttributeType.STRING).build(), "x", hal, 0);
        assertFalse(engine.served().contains("/sys/hal/power/led/x"), "led is an attribute, not a directory");
        register(AttributeSpec.builder("/sys/hal/cpu/0", AttributeType.STRING).build(), "x", hal, 0);
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class, () -> engine.read(hal, "/sys/hal/cpu/0")).code());
        register(AttributeSpec.builder("/sys/hal/devices/cpu:0/state", AttributeType.STRING).build(), "x", hal, 99);
        assertEquals("ACTIVE", engine.read(hal, "/sys/hal/devices/cpu:0/state"), "built-in names are reserved");
        register(AttributeSpec.builder("/sys/hal/devices/x", AttributeType.STRING).build(), "x", hal, 0);
        assertFalse(engine.served().contains("/sys/hal/devices/x"));
        register(AttributeSpec.builder("/sys/hal/devices/cpu:0/wakeup", AttributeType.BOOLEAN).device("/dev/cpu/0")
                .build(), true, hal, 0);
        assertTrue(names(engine.list(hal, "/sys/hal/devices/cpu:0")).contains("wakeup"));
        assertEquals(5, warnings.size(), String.join("\n", warnings));
    }

    @Test
    void attributesOfUntrustedBundlesAreNotServed() throws HalException {
        register(AttributeSpec.builder("/sys/hal/power/fake", AttributeType.STRING).build(), "spoof", app, 100);
        assertFalse(engine.served().contains("/sys/hal/power/fake"));
        register(AttributeSpec.builder(BATTERY, AttributeType.ENUM).allowed("charging", "full").build(), "charging", app, 100);
        assertEquals("full", engine.read(hal, BATTERY), "an application cannot shadow a HAL attribute");
        capRef.set(null);
        engine.rebuild();
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> engine.read(hal, BATTERY)).code(),
                "without the capability service no provider can be told trusted");
        capRef.set(caps);
        engine.rebuild();
        assertEquals("full", engine.read(hal, BATTERY));
    }

    @Test
    void onlyTheProviderReportsChanges() throws HalException {
        battery.value.set("charging");
        engine.changed(hal, BATTERY);
        assertEquals(1, events.size());
        assertEquals("charging", events.get(0).get(AttributeChanged.VALUE));
        assertEquals(AttributeChanged.CAUSE_PROVIDER, events.get(0).get(AttributeChanged.CAUSE));
        HalException e = assertThrows(HalException.class, () -> engine.changed(app, BATTERY));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HalException.class, () -> engine.changed(hal, "/sys/hal/devices/cpu:0/state")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> engine.changed(hal, "/sys/hal/x/y")).code());
        assertEquals(1, events.size());
    }

    static List<String> names(List<SysEntry> entries) {
        return entries.stream().map(SysEntry::name).toList();
    }
}
