package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Subject;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import aegis.hal.sysfs.SysFs;
import aegis.hal.sysfs.internal.StandaloneSysFs;
import aegis.hal.sysfs.internal.SysFsCommands;
import aegis.hal.uefi.codec.DevicePathText;
import aegis.hal.uefi.internal.jna.JnaFiles;
import aegis.hal.uefi.testing.Fixtures;
import aegis.hal.uefi.testing.Fixtures.ToolResult;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;

/** The {@code /sys/hal/uefi} attributes, built from the fixture stores and checked against the tool oracles. */
class AttributeSyncTest {
    private static final String U = "/sys/hal/uefi";

    /** Attribute registrations kept by path, in order. */
    static final class Attributes implements AttributeSync.Registrar {
        final Map<String, Attribute> live = new LinkedHashMap<>();

        @Override
        public synchronized AttributeSync.Registration register(Attribute attribute) {
            String path = attribute.spec().path();
            assertFalse(live.containsKey(path), "registered twice: " + path);
            live.put(path, attribute);
            return () -> {
                synchronized (this) {
                    if (live.remove(path) != attribute) {
                        throw new IllegalStateException("unregistered twice: " + path);
                    }
                }
            };
        }

        synchronized List<String> paths() {
            return List.copyOf(live.keySet());
        }

        synchronized Object read(String path) throws HalException {
            Attribute a = live.get(path);
            assertNotNull(a, "no attribute " + path + " in " + live.keySet());
            return a.read();
        }
    }

    private static UefiServiceImpl service(Path root, boolean writes, Attributes attrs) {
        return new UefiServiceImpl(HostRoot.of(root), UefiServiceImplTest.config(writes),
                new DeviceSync(new UefiServiceImplTest.Registry()), new AttributeSync(attrs), JnaFiles::load);
    }

    private static final Pattern ENTRY = Pattern.compile("Boot([0-9A-F]{4})(\\*?) ([^\\t]*)\\t(.*)");

    /**
     * The values {@code efibootmgr -v} and {@code mokutil --sb-state} print, as the attributes' typed values.
     */
    private static Map<String, Object> expected(List<String> efibootmgr, List<String> mokutil) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(U + "/secure_boot", mokutil.get(0).replaceFirst("^SecureBoot ", ""));
        m.put(U + "/setup_mode", mokutil.contains("Platform is in Setup Mode") ? 1L : 0L);
        m.put(U + "/boot_current", efibootmgr.stream().filter(l -> l.startsWith("BootCurrent: ")).findFirst()
                .map(l -> l.substring(13)).orElse(""));
        m.put(U + "/boot_order", efibootmgr.stream().filter(l -> l.startsWith("BootOrder: ")).findFirst()
                .map(l -> l.substring(11)).orElse(""));
        efibootmgr.stream().filter(l -> l.startsWith("Timeout: ")).findFirst()
                .ifPresent(l -> m.put(U + "/timeout", Long.parseLong(l.replaceAll("\\D", ""))));
        for (String l : efibootmgr) {
            Matcher e = ENTRY.matcher(l);
            if (e.matches()) {
                String dir = U + "/boot/" + e.group(1);
                m.put(dir + "/description", e.group(3));
                m.put(dir + "/active", e.group(2).isEmpty() ? 0L : 1L);
                m.put(dir + "/device_path", e.group(4));
            }
        }
        return m;
    }

    @Test
    void theQ35StoreGivesEveryAttributeAsEfibootmgrAndMokutilShowIt(@TempDir Path tmp) throws Exception {
        Attributes attrs = new Attributes();
        UefiServiceImpl s = service(Fixtures.q35(), false, attrs);
        s.syncDevices();
        assertEquals(List.of(U + "/secure_boot", U + "/setup_mode", U + "/boot_current", U + "/boot_order", U + "/timeout",
                U + "/boot/0000/description", U + "/boot/0000/active", U + "/boot/0000/device_path",
                U + "/boot/0001/description", U + "/boot/0001/active", U + "/boot/0001/device_path"), attrs.paths());

        Map<String, Object> oracle = expected(Fixtures.oracle("efibootmgr-v.txt"), Fixtures.oracle("mokutil-sb-state.txt"));
        assertEquals(attrs.paths(), List.copyOf(oracle.keySet()), "the oracles cover every attribute");
        for (Map.Entry<String, Object> e : oracle.entrySet()) {
            assertEquals(e.getValue(), attrs.read(e.getKey()), e.getKey());
        }
        assertEquals("disabled", attrs.read(U + "/secure_boot"));
        assertEquals(1L, attrs.read(U + "/setup_mode"));
        assertEquals("0001,0000", attrs.read(U + "/boot_order"));
        assertEquals(0L, attrs.read(U + "/timeout"));
        assertEquals("", attrs.read(U + "/boot_current"));
        assertEquals("Linux Boot Manager", attrs.read(U + "/boot/0001/description"));

        // one definition: the live values are the snapshot text of SysfsShape
        UefiReader r = new UefiReader(EfibootmgrAgreementTest.store(Fixtures.q35Efivars()));
        Map<String, String> shape = SysfsShape.attributes(r.bootManager(), r.secureBoot());
        assertEquals(shape.keySet(), Map.copyOf(attrs.live).keySet());
        for (String p : attrs.paths()) {
            assertEquals(shape.get(p), String.valueOf(attrs.read(p)), p);
        }

        // the tools themselves, on a copy of the store, when installed
        Path efivars = Fixtures.copyQ35(tmp).resolve("sys/firmware/efi/efivars");
        Optional<ToolResult> boot = Fixtures.runTool(efivars, "efibootmgr", "-v");
        Optional<ToolResult> sb = Fixtures.runTool(efivars, "mokutil", "--sb-state");
        if (boot.isPresent() && sb.isPresent()) {
            Map<String, Object> tools = expected(boot.get().lines(), sb.get().lines());
            assertEquals(oracle, tools);
        }
        s.deactivate();
        assertEquals(List.of(), attrs.paths());
    }

    @Test
    void theSpecsAreTypedReadOnlyAndDescribed() throws Exception {
        Attributes attrs = new Attributes();
        UefiServiceImpl s = service(Fixtures.q35(), false, attrs);
        s.syncDevices();
        Map<String, AttributeType> types = Map.of("secure_boot", AttributeType.ENUM, "setup_mode", AttributeType.INTEGER,
                "boot_current", AttributeType.STRING, "boot_order", AttributeType.STRING, "timeout", AttributeType.INTEGER,
                "description", AttributeType.STRING, "active", AttributeType.INTEGER, "device_path", AttributeType.STRING);
        for (Attribute a : attrs.live.values()) {
            AttributeSpec spec = a.spec();
            assertEquals(types.get(spec.name()), spec.type(), spec.path());
            assertEquals(spec.name().equals("timeout") ? "s" : "", spec.unit(), spec.path());
            assertFalse(spec.writable(), spec.path());
            assertEquals(0, spec.writeMask(), spec.path());
            assertEquals("", spec.devfsPath(), "the UEFI devices have no devfs node: " + spec.path());
            assertFalse(spec.description().isBlank(), spec.path());
            HalException e = assertThrows(HalException.class, () -> a.write(a.read()));
            assertEquals(ErrorCode.UNSUPPORTED, e.code(), spec.path());
        }
        assertEquals(List.of("enabled", "disabled", "unknown", "unsupported"), attrs.live.get(U + "/secure_boot").spec().allowed());
        s.deactivate();
    }

    @Test
    void aNonEfiHostRegistersNoAttribute() {
        Attributes attrs = new Attributes();
        UefiServiceImpl s = service(Fixtures.nvme(), true, attrs);
        s.syncDevices();
        assertEquals(List.of(), attrs.paths());
        s.deactivate();
    }

    @Test
    void readsGoToTheStoreEachTime(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Path efivars = root.resolve("sys/firmware/efi/efivars");
        Attributes attrs = new Attributes();
        UefiServiceImpl s = service(root, false, attrs);
        s.syncDevices();
        Fixtures.writeVariable(efivars, "Timeout", Fixtures.GLOBAL, 7, new byte[] {5, 0});
        Fixtures.writeVariable(efivars, "BootCurrent", Fixtures.GLOBAL, 6, new byte[] {1, 0});
        Fixtures.writeVariable(efivars, "SecureBoot", Fixtures.GLOBAL, 6, new byte[] {1});
        assertEquals(5L, attrs.read(U + "/timeout"));
        assertEquals("0001", attrs.read(U + "/boot_current"));
        assertEquals("enabled", attrs.read(U + "/secure_boot"));

        Files.delete(efivars.resolve("Timeout-" + Fixtures.GLOBAL));
        HalException e = assertThrows(HalException.class, () -> attrs.read(U + "/timeout"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals(U + "/timeout: the Timeout variable is not set", e.getMessage());
        Files.delete(efivars.resolve("SetupMode-" + Fixtures.GLOBAL));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(HalException.class, () -> attrs.read(U + "/setup_mode")).code());
        Files.delete(efivars.resolve("SecureBoot-" + Fixtures.GLOBAL));
        assertEquals("unsupported", attrs.read(U + "/secure_boot"));
        Files.delete(efivars.resolve("Boot0000-" + Fixtures.GLOBAL));
        e = assertThrows(HalException.class, () -> attrs.read(U + "/boot/0000/description"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().startsWith("Boot0000 does not exist"), e.getMessage());

        s.syncDevices(); // what is gone goes
        assertFalse(attrs.paths().contains(U + "/boot/0000/description"));
        assertTrue(attrs.paths().contains(U + "/timeout"), "the boot manager attributes stay, without a value");
        s.deactivate();
    }

    @Test
    void anEntryThatDoesNotDecodeGetsOnlyItsError(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Path efivars = root.resolve("sys/firmware/efi/efivars");
        Fixtures.writeVariable(efivars, "Boot0003", Fixtures.GLOBAL, 7, new byte[] {1, 0, 0, 0, (byte) 0xff});
        Attributes attrs = new Attributes();
        UefiServiceImpl s = service(root, false, attrs);
        s.syncDevices();
        assertTrue(attrs.paths().contains(U + "/boot/0003/error"), attrs.paths()::toString);
        assertFalse(attrs.paths().contains(U + "/boot/0003/description"));
        String error = s.bootManager().entries().get(2).error().orElseThrow();
        assertEquals(error, attrs.read(U + "/boot/0003/error"));
        assertEquals("Linux Boot Manager", attrs.read(U + "/boot/0001/description"), "the other entries are unaffected");
        s.deactivate();
    }

    /** A SysFs that records {@code changed} calls; every other method is not expected. */
    private static SysFs recordingSysFs(BlockingQueue<String> changed) {
        return (SysFs) Proxy.newProxyInstance(AttributeSyncTest.class.getClassLoader(), new Class<?>[] {SysFs.class},
                (p, m, a) -> switch (m.getName()) {
                    case "changed" -> {
                        changed.add((String) a[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "toString" -> "recording sysfs";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static void awaitChange(BlockingQueue<String> changed, String path, List<String> seen) throws InterruptedException {
        while (!seen.contains(path)) {
            String p = changed.poll(10, TimeUnit.SECONDS);
            assertNotNull(p, "no change of " + path + " reported; saw " + seen);
            seen.add(p);
        }
    }

    @Test
    void theModulesWritesResyncTheAttributesAndReportWhatChanged(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Attributes attrs = new Attributes();
        UefiServiceImpl s = service(root, true, attrs);
        BlockingQueue<String> changed = new LinkedBlockingQueue<>();
        s.sysFs = recordingSysFs(changed);
        s.syncDevices();
        assertTrue(changed.isEmpty(), "the first sync reports nothing");

        int n = s.createBootEntry("Stick", DevicePathText.parse("PciRoot(0x0)/Pci(0x1,0x0)/File(\\EFI\\BOOT\\BOOTX64.EFI)"),
                new byte[0], true);
        assertEquals(2, n);
        List<String> seen = new ArrayList<>();
        awaitChange(changed, U + "/boot_order", seen); // reported after the resync registered the new entry
        assertEquals("0002,0001,0000", attrs.read(U + "/boot_order"));
        assertEquals("Stick", attrs.read(U + "/boot/0002/description"));
        assertEquals(1L, attrs.read(U + "/boot/0002/active"));
        assertEquals("PciRoot(0x0)/Pci(0x1,0x0)/File(\\EFI\\BOOT\\BOOTX64.EFI)", attrs.read(U + "/boot/0002/device_path"));
        awaitChange(changed, U + "/boot/0002/device_path", seen);
        assertFalse(seen.contains(U + "/timeout"), "unchanged values are not reported: " + seen);

        s.deleteBootEntry(1);
        seen.clear();
        awaitChange(changed, U + "/boot_order", seen);
        assertEquals("0002,0000", attrs.read(U + "/boot_order"));
        assertFalse(attrs.paths().stream().anyMatch(p -> p.startsWith(U + "/boot/0001/")), attrs.paths()::toString);

        // an invalid write through the module changes nothing and reports nothing
        HalException e = assertThrows(HalException.class, () -> s.setBootOrder(List.of(0, 7)));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("0002,0000", attrs.read(U + "/boot_order"));
        s.deactivate();
        assertTrue(changed.isEmpty(), "nothing reported for a refused write: " + changed);
        assertEquals(List.of(), attrs.paths());
    }

    // ------------------------------------------------------------------ through the real sysfs engine

    private static Bundle bundle(long id) {
        return (Bundle) Proxy.newProxyInstance(AttributeSyncTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> id == 0 ? "aegis.hal.uefi" : "com.example.app";
                    case "hashCode" -> (int) id;
                    case "equals" -> p == a[0];
                    case "toString" -> "bundle " + id;
                    default -> null;
                });
    }

    /** A capability service that trusts bundle 0 (the provider, a HAL bundle) and grants nothing else. */
    private static CapabilityService capabilities() {
        ClassLoader cl = AttributeSyncTest.class.getClassLoader();
        return (CapabilityService) Proxy.newProxyInstance(cl, new Class<?>[] {CapabilityService.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "subject": {
                    boolean trusted = ((Bundle) a[0]).getBundleId() == 0;
                    return Proxy.newProxyInstance(cl, new Class<?>[] {Subject.class}, (p2, m2, a2) -> switch (m2.getName()) {
                        case "trusted" -> trusted;
                        case "principal" -> Optional.empty();
                        case "hashCode" -> System.identityHashCode(p2);
                        case "equals" -> p2 == a2[0];
                        default -> "subject " + trusted;
                    });
                }
                case "require":
                    if (!((Subject) a[0]).trusted()) {
                        throw new HalException(ErrorCode.PERMISSION_DENIED, "needs " + Permission.names((Integer) a[2]) + " on " + a[1]);
                    }
                    return null;
                case "check":
                    return ((Subject) a[0]).trusted();
                case "permissions":
                    return ((Subject) a[0]).trusted() ? Permission.ALL : 0;
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == a[0];
                case "toString":
                    return "fake capability service";
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void sysfsServesThemToEveryBundleAndRefusesEveryWrite(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Map<String, byte[]> before = Fixtures.snapshot(root);
        Attributes attrs = new Attributes();
        UefiServiceImpl s = service(root, true, attrs); // even with the module's writes enabled
        s.syncDevices();
        CapabilityService cap = capabilities();
        StandaloneSysFs engine = new StandaloneSysFs(() -> cap, () -> null, (topic, props) -> { });
        Bundle provider = bundle(0);
        long id = 1;
        for (Attribute a : attrs.live.values()) {
            assertTrue(engine.register(a, id++, 0, provider), "sysfs refused " + a.spec().path());
        }
        SysFs app = engine.forBundle(bundle(42));
        SysFs hal = engine.forBundle(provider);
        UefiReader r = new UefiReader(EfibootmgrAgreementTest.store(Fixtures.q35Efivars()));
        Map<String, String> shape = SysfsShape.attributes(r.bootManager(), r.secureBoot());
        for (Map.Entry<String, String> e : shape.entrySet()) {
            assertEquals(e.getValue(), app.readText(e.getKey()), "an application reads " + e.getKey());
        }
        assertEquals(List.copyOf(new java.util.TreeSet<>(shape.keySet())), app.find("uefi/**"));
        assertEquals(0L, app.read(U + "/timeout"));

        // the console shows them as the README does
        SysFsCommands shell = new SysFsCommands((ComponentContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ComponentContext.class}, (p, m, a) -> null), hal, null);
        assertEquals(String.join("\n", "boot/", "  0000/", "    active = 1", "    description = UiApp",
                "    device_path = " + shape.get(U + "/boot/0000/device_path"), "  0001/", "    active = 1",
                "    description = Linux Boot Manager", "    device_path = " + shape.get(U + "/boot/0001/device_path"),
                "boot_current = ", "boot_order = 0001,0000", "secure_boot = disabled", "setup_mode = 1", "timeout = 0"),
                shell.tree(false, U).strip());
        assertEquals(String.join("\n", "TYPE     MODE  UNIT  NAME", "dir                  boot/",
                "STRING   r-          boot_current", "STRING   r-          boot_order", "ENUM     r-          secure_boot",
                "INTEGER  r-          setup_mode", "INTEGER  r-    s     timeout"), shell.ls(false, U).strip());
        assertEquals("error: UNSUPPORTED: /sys/hal/uefi/timeout is read-only; nothing changed",
                shell.write(false, U + "/timeout", "5").strip());

        // no write gets through, valid value or not, trusted caller or not
        assertEquals(ErrorCode.UNSUPPORTED, assertThrows(HalException.class, () -> app.write(U + "/timeout", "5")).code());
        for (String[] w : new String[][] {{"timeout", "5"}, {"timeout", "-1"}, {"boot_order", "0000,0001"},
                {"boot_order", "zz"}, {"secure_boot", "enabled"}, {"secure_boot", "maybe"}, {"boot/0001/active", "0"},
                {"boot/0001/description", "evil"}}) {
            HalException e = assertThrows(HalException.class, () -> hal.write(U + "/" + w[0], w[1]), w[0] + "=" + w[1]);
            assertEquals(ErrorCode.UNSUPPORTED, e.code(), e.getMessage());
        }
        assertEquals("0001,0000", app.read(U + "/boot_order"), "nothing changed");
        Map<String, byte[]> after = Fixtures.snapshot(root);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            assertTrue(java.util.Arrays.equals(before.get(k), after.get(k)), k);
        }
        s.deactivate();
    }
}
