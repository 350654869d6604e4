package aegis.hal.acpi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiDevice;
import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.AcpiTableHeader;
import aegis.hal.acpi.parser.EisaId;
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
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;

/**
 * The sysfs attributes against the fixture hosts: every table value against {@code iasl -d}'s
 * listing of that table, every device value against {@code acpiexec}'s namespace, and through the
 * real sysfs engine (open reads, no writes).
 */
class AcpiAttributesTest {
    private static final Pattern DSL_FIELD = Pattern.compile("^\\[[0-9A-F]+h \\d+ +\\d+\\] +(.+?) : (.*)$");
    private static final Pattern DSL_AML_HEADER = Pattern.compile(
            "^ \\* {5}(Length|Revision|OEM ID|OEM Table ID|OEM Revision|Compiler ID|Compiler Version) +(\"[^\"]*\"|0x[0-9A-Fa-f]+).*$");
    private static final Pattern NS = Pattern.compile("^ *(\\d+) +(\\S{4}) (\\S+) +0x[0-9a-f]+ \\d{3} ?(.*)$");
    private static final Pattern NS_INTEGER = Pattern.compile("^= ([0-9A-F]+)\\s*$");
    private static final Pattern NS_STRING = Pattern.compile("^Len [0-9A-F]+ \"(.*)\"\\s*$");

    private static AcpiSnapshot snapshot(String host) throws Exception {
        return TableReader.read(HostRoot.of(Fakes.fixtures().resolve(host)), TableReaderTest.DIR);
    }

    private static Map<String, AcpiAttributes.Constant> byPath(AcpiAttributes.Built built) {
        Map<String, AcpiAttributes.Constant> m = new LinkedHashMap<>();
        for (Attribute a : built.attributes()) {
            assertNull(m.put(a.spec().path(), (AcpiAttributes.Constant) a), "path given twice: " + a.spec().path());
        }
        return m;
    }

    // ------------------------------------------------------------------ the oracles

    /** The header of a table as {@code iasl -d} lists it, under our attribute names (values as text). */
    private static Map<String, String> iaslHeader(Path dsl) throws IOException {
        List<String> lines = Files.readAllLines(dsl, StandardCharsets.ISO_8859_1);
        Map<String, String> m = new LinkedHashMap<>();
        boolean aml = lines.stream().anyMatch(l -> l.contains("Original Table Header:"));
        Map<String, String> names = aml
                ? Map.of("Length", "length", "Revision", "revision", "OEM ID", "oem_id", "OEM Table ID", "oem_table_id",
                        "OEM Revision", "oem_revision", "Compiler ID", "creator_id", "Compiler Version", "creator_revision")
                : Map.of("Table Length", "length", "Length", "length", "Revision", "revision", "Oem ID", "oem_id",
                        "Oem Table ID", "oem_table_id", "Oem Revision", "oem_revision", "Asl Compiler ID", "creator_id",
                        "Asl Compiler Revision", "creator_revision");
        for (String l : lines) {
            if (l.startsWith("Raw Table Data")) {
                break;
            }
            Matcher f = (aml ? DSL_AML_HEADER : DSL_FIELD).matcher(l);
            if (!f.matches() || !names.containsKey(f.group(1))) {
                continue;
            }
            String value = f.group(2).strip();
            if (value.startsWith("\"")) {
                value = value.substring(1, value.indexOf('"', 1)).strip();
            } else {
                value = Long.toString(Long.parseLong(value.startsWith("0x") ? value.substring(2) : value.split(" ")[0], 16));
            }
            m.putIfAbsent(names.get(f.group(1)), value); // the header comes first (FADT has its own "Revision"s later)
        }
        return m;
    }

    /** What acpiexec says about each device's constant _HID/_CID/_UID/_ADR: attribute path to text value. */
    private static Map<String, String> acpiexecDevices(Path namespace) throws IOException {
        List<String> stack = new ArrayList<>();
        List<String> types = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String l : Files.readAllLines(namespace, StandardCharsets.ISO_8859_1)) {
            if (l.startsWith("ACPI Namespace (from Namespace Root)")) {
                in = true;
                continue;
            }
            if (!in) {
                continue;
            }
            if (l.startsWith("Namespace node count")) {
                break;
            }
            Matcher m = NS.matcher(l);
            if (!m.matches()) {
                continue;
            }
            int depth = Integer.parseInt(m.group(1));
            while (stack.size() > depth) {
                stack.remove(stack.size() - 1);
                types.remove(types.size() - 1);
            }
            String name = m.group(2);
            String type = m.group(3);
            String rest = m.group(4).strip();
            boolean parentIsDevice = !types.isEmpty()
                    && Stream.of("Device", "Processor", "Thermal").anyMatch(types.get(types.size() - 1)::equals);
            if (parentIsDevice && Stream.of("_HID", "_CID", "_UID", "_ADR").anyMatch(name::equals)) {
                Matcher i = NS_INTEGER.matcher(rest);
                Matcher s = NS_STRING.matcher(rest);
                String value = null;
                if (type.equals("Integer") && i.matches()) {
                    long v = Long.parseUnsignedLong(i.group(1), 16);
                    value = switch (name) {
                        case "_HID", "_CID" -> EisaId.decode(v);
                        default -> Long.toString(v);
                    };
                } else if (type.equals("String") && s.matches()) {
                    value = s.group(1);
                }
                if (value != null) {
                    out.put(AcpiAttributes.DEVICES + "/" + String.join(".", stack) + "/" + name.substring(1).toLowerCase(), value);
                }
            }
            stack.add(name);
            types.add(type);
        }
        return out;
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }

    // ------------------------------------------------------------------ tests

    @ParameterizedTest
    @ValueSource(strings = {"qemu-q35", "qemu-nvme", "firecracker"})
    void everyTableHasItsHeaderAsIaslListsIt(String host) throws Exception {
        AcpiSnapshot s = snapshot(host);
        Map<String, AcpiAttributes.Constant> attrs = byPath(AcpiAttributes.of(s));
        Path dir = Fakes.fixtures().resolve(host).resolve("sys/firmware/acpi/tables");
        List<String> expectedPaths = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> l = Files.list(dir)) {
            files = l.sorted().toList();
        }
        assertEquals(files.size(), s.tables().size());
        for (Path file : files) {
            String name = file.getFileName().toString();
            Map<String, String> oracle = iaslHeader(Fakes.fixtures().resolve(host).resolve("oracle/iasl-d-" + name + ".dsl"));
            byte[] bytes = Files.readAllBytes(file);
            int sum = 0;
            for (byte b : bytes) {
                sum += b & 0xFF;
            }
            String base = AcpiAttributes.TABLES + "/" + name + "/";
            if (name.equals("FACS")) {
                assertEquals(Map.of("length", "64"), oracle, "the FACS header is a signature and a length");
            } else {
                assertEquals(7, oracle.size(), name + ": " + oracle);
                oracle.put("checksum_ok", Boolean.toString((sum & 0xFF) == 0));
                assertEquals("true", oracle.get("checksum_ok"), name + " of the fixture sums to 0");
            }
            AcpiTable table = s.table(name).orElseThrow();
            for (Map.Entry<String, String> e : oracle.entrySet()) {
                String path = base + e.getKey();
                expectedPaths.add(path);
                AcpiAttributes.Constant a = attrs.get(path);
                assertTrue(a != null, "missing " + path);
                assertEquals(e.getValue(), text(a.read()), path + " against iasl -d");
                assertEquals(table.attributes().get(e.getKey()), text(a.read()), path + " against AcpiTable.attributes()");
            }
        }
        assertEquals(expectedPaths.stream().sorted().toList(),
                attrs.keySet().stream().filter(p -> p.startsWith(AcpiAttributes.TABLES + "/")).sorted().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu-q35", "qemu-nvme", "firecracker"})
    void everyConstantDeviceIdIsThereAsAcpiexecShowsIt(String host) throws Exception {
        AcpiSnapshot s = snapshot(host);
        Map<String, AcpiAttributes.Constant> attrs = byPath(AcpiAttributes.of(s));
        Map<String, String> oracle = acpiexecDevices(Fakes.fixtures().resolve(host).resolve("oracle/acpiexec-namespace.txt"));
        assertFalse(oracle.isEmpty());
        Map<String, String> ours = new LinkedHashMap<>();
        attrs.forEach((p, a) -> {
            if (p.startsWith(AcpiAttributes.DEVICES + "/")) {
                ours.put(p, text(a.read()));
            }
        });
        assertEquals(new java.util.TreeMap<>(oracle), new java.util.TreeMap<>(ours));
        // and they are what AcpiDevice.attributes() says (adr there is hex text, here a number)
        for (AcpiDevice d : s.devices()) {
            String base = AcpiAttributes.DEVICES + "/" + d.path().substring(1) + "/";
            d.attributes().forEach((k, v) -> assertEquals(k.equals("adr") ? Long.decode(v) : v, attrs.get(base + k).read(), base + k));
        }
    }

    @Test
    void qemuQ35Spotchecks() throws Exception {
        Map<String, AcpiAttributes.Constant> a = byPath(AcpiAttributes.of(snapshot("qemu-q35")));
        assertEquals(8486L, a.get("/sys/hal/acpi/tables/DSDT/length").read());
        assertEquals(1L, a.get("/sys/hal/acpi/tables/DSDT/revision").read());
        assertEquals("BOCHS", a.get("/sys/hal/acpi/tables/DSDT/oem_id").read());
        assertEquals("BXPC", a.get("/sys/hal/acpi/tables/DSDT/oem_table_id").read());
        assertEquals(true, a.get("/sys/hal/acpi/tables/MCFG/checksum_ok").read());
        assertEquals(60L, a.get("/sys/hal/acpi/tables/MCFG/length").read());
        assertEquals("PNP0A08", a.get("/sys/hal/acpi/devices/_SB_.PCI0/hid").read());
        assertEquals("PNP0A03", a.get("/sys/hal/acpi/devices/_SB_.PCI0/cid").read());
        assertEquals("CPU Hotplug resources", a.get("/sys/hal/acpi/devices/_SB_.PCI0.PRES/uid").read());
        assertEquals("PNP0A06", a.get("/sys/hal/acpi/devices/_SB_.PCI0.PRES/hid").read());
        assertTrue(a.keySet().stream().noneMatch(p -> p.startsWith("/sys/hal/acpi/tables/FACS/") && !p.endsWith("/length")));
    }

    @Test
    void specsAreReadOnlyTypedDescribedAndHaveNoDevice() throws Exception {
        Map<String, AttributeType> types = Map.ofEntries(Map.entry("length", AttributeType.INTEGER),
                Map.entry("revision", AttributeType.INTEGER), Map.entry("checksum_ok", AttributeType.BOOLEAN),
                Map.entry("oem_id", AttributeType.STRING), Map.entry("oem_table_id", AttributeType.STRING),
                Map.entry("oem_revision", AttributeType.INTEGER), Map.entry("creator_id", AttributeType.STRING),
                Map.entry("creator_revision", AttributeType.INTEGER), Map.entry("hid", AttributeType.STRING),
                Map.entry("cid", AttributeType.STRING), Map.entry("uid", AttributeType.STRING),
                Map.entry("adr", AttributeType.INTEGER));
        for (Attribute a : AcpiAttributes.of(snapshot("qemu-q35")).attributes()) {
            AttributeSpec spec = a.spec();
            assertFalse(spec.writable(), spec.path());
            assertEquals("", spec.devfsPath(), spec.path());
            assertEquals(types.get(spec.name()), spec.type(), spec.path());
            assertEquals(spec.name().equals("length") ? "bytes" : "", spec.unit(), spec.path());
            assertFalse(spec.description().isBlank(), spec.path());
            assertTrue(spec.type().javaType().isInstance(a.read()), spec.path());
            HalException e = assertThrows(HalException.class, () -> a.write(a.read()));
            assertEquals(ErrorCode.UNSUPPORTED, e.code());
        }
    }

    @Test
    void namesBecomeOneSafeSegment() {
        assertEquals("_SB_.PCI0", AcpiAttributes.deviceSegment("\\_SB_.PCI0"));
        assertEquals("_TZ_", AcpiAttributes.deviceSegment("\\_TZ_"));
        assertEquals("DSDT", AcpiAttributes.segment("DSDT"));
        assertEquals("SSDT12", AcpiAttributes.segment("SSDT12"));
        assertEquals("dynamic%2FSSDT2", AcpiAttributes.segment("dynamic/SSDT2"));
        assertEquals("100%25", AcpiAttributes.segment("100%"));
        assertEquals("%2E%2E", AcpiAttributes.segment(".."));
        assertEquals("a%20b%C3%A9%5C", AcpiAttributes.segment("a b\u00e9\\"));
        assertEquals("%F0%9F%98%80", AcpiAttributes.segment("\ud83d\ude00"));
        assertNull(AcpiAttributes.segment(""));
        assertEquals(255, AcpiAttributes.segment("A".repeat(255)).length());
        assertNull(AcpiAttributes.segment("A".repeat(256)));
        assertNull(AcpiAttributes.segment("/".repeat(100)), "300 characters encoded");
        for (String n : List.of("dynamic/SSDT2", "a b\u00e9\\", "..", "x%y")) {
            assertEquals(null, AttributeSpec.problem(AcpiAttributes.TABLES + "/" + AcpiAttributes.segment(n) + "/length"), n);
        }
    }

    @Test
    void dynamicTablesFacsAndHostileTextAreHandled() {
        byte[] ssdt = new byte[36];
        AcpiTableHeader h = new AcpiTableHeader("SSDT", 36, 2, 0, "OEM\u0001  ", "TBL\nID  ", 7, "INTL", 20240119);
        AcpiTableHeader facsHeader = new AcpiTableHeader("FACS", 64, 0, 0, "", "", 0, "", 0);
        AcpiSnapshot s = new AcpiSnapshot("/t", List.of(new AcpiTable("dynamic/SSDT2", ssdt, h, false, List.of("bad"), List.of(), null),
                new AcpiTable("FACS", new byte[64], facsHeader, true, List.of(), List.of(), null),
                new AcpiTable("X".repeat(300), ssdt, h, true, List.of(), List.of(), null)),
                AcpiNamespace.empty(), List.of(), Instant.EPOCH);
        AcpiAttributes.Built built = AcpiAttributes.of(s);
        Map<String, AcpiAttributes.Constant> a = byPath(built);
        assertEquals(List.of("length", "revision", "checksum_ok", "oem_id", "oem_table_id", "oem_revision", "creator_id",
                "creator_revision").stream().map(n -> "/sys/hal/acpi/tables/dynamic%2FSSDT2/" + n).toList(),
                a.keySet().stream().filter(p -> p.contains("SSDT2")).toList());
        assertEquals("OEM?", a.get("/sys/hal/acpi/tables/dynamic%2FSSDT2/oem_id").read());
        assertEquals("TBL?ID", a.get("/sys/hal/acpi/tables/dynamic%2FSSDT2/oem_table_id").read());
        assertEquals(false, a.get("/sys/hal/acpi/tables/dynamic%2FSSDT2/checksum_ok").read());
        assertEquals(20240119L, a.get("/sys/hal/acpi/tables/dynamic%2FSSDT2/creator_revision").read());
        assertEquals(List.of("/sys/hal/acpi/tables/FACS/length"),
                a.keySet().stream().filter(p -> p.contains("FACS")).toList());
        assertEquals(1, built.skipped().size());
        assertTrue(built.skipped().get(0).contains("longer than 255"), built.skipped().toString());
    }

    @Test
    void theComponentRegistersThemAfterTheScanAndUnregistersThemOnDeactivation() throws Exception {
        List<Fakes.Registration> devices = new ArrayList<>();
        List<Fakes.AttributeRegistration> attributes = new ArrayList<>();
        List<String> log = new ArrayList<>();
        AcpiComponent c = new AcpiComponent(Fakes.context(devices, attributes),
                HostRoot.of(Fakes.fixtures().resolve("qemu-q35")), Fakes.config(Map.of("registerDevices", false)), null);
        c.logger = Fakes.logger(log);
        c.start();
        AcpiSnapshot s = c.scanned().get(30, TimeUnit.SECONDS);
        List<String> expected = AcpiAttributes.of(s).attributes().stream().map(a -> a.spec().path()).toList();
        assertEquals(expected, attributes.stream().map(r -> r.attribute.spec().path()).toList());
        assertEquals(expected.size(), c.registeredAttributes());
        assertTrue(devices.isEmpty(), "registerDevices=false leaves the devices out, not the attributes");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("info: ACPI sysfs: {} attributes")), log::toString);
        c.stop();
        assertTrue(attributes.stream().allMatch(r -> r.unregistered));
        assertEquals(0, c.registeredAttributes());
    }

    // ------------------------------------------------------------------ through the real sysfs engine

    private static Bundle bundle(long id) {
        return (Bundle) Proxy.newProxyInstance(AcpiAttributesTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> id == 0 ? "aegis.hal.acpi" : "com.example.app";
                    case "hashCode" -> (int) id;
                    case "equals" -> p == a[0];
                    case "toString" -> "bundle " + id;
                    default -> null;
                });
    }

    /** A capability service that trusts bundle 0 (the provider, standing for a HAL bundle) and grants nothing else. */
    private static CapabilityService capabilities() {
        ClassLoader cl = AcpiAttributesTest.class.getClassLoader();
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
    void sysfsServesThemToEveryBundleAndRefusesWrites() throws Exception {
        CapabilityService cap = capabilities();
        StandaloneSysFs engine = new StandaloneSysFs(() -> cap, () -> null, (topic, props) -> { });
        Bundle provider = bundle(0);
        List<Attribute> attrs = AcpiAttributes.of(snapshot("qemu-q35")).attributes();
        long id = 1;
        for (Attribute a : attrs) {
            assertTrue(engine.register(a, id++, 0, provider), "sysfs refused " + a.spec().path());
        }
        SysFs app = engine.forBundle(bundle(42));
        SysFs hal = engine.forBundle(provider);
        for (Attribute a : attrs) {
            assertEquals(text(a.read()), app.readText(a.spec().path()), "an application reads " + a.spec().path());
        }
        assertEquals(attrs.size(), app.find("acpi/**").size());
        assertEquals("PNP0A08", app.read("/sys/hal/acpi/devices/_SB_.PCI0/hid"));
        assertEquals(8486L, app.read("/sys/hal/acpi/tables/DSDT/length"));
        // read-only for everyone, the HAL itself included; an invalid value is refused the same way
        for (SysFs who : List.of(app, hal)) {
            assertEquals(ErrorCode.UNSUPPORTED,
                    assertThrows(HalException.class, () -> who.write("/sys/hal/acpi/tables/DSDT/length", "1")).code());
            assertEquals(ErrorCode.UNSUPPORTED,
                    assertThrows(HalException.class, () -> who.write("/sys/hal/acpi/devices/_SB_.PCI0/hid", "EVIL0000")).code());
            assertEquals(ErrorCode.UNSUPPORTED,
                    assertThrows(HalException.class, () -> who.write("/sys/hal/acpi/tables/DSDT/checksum_ok", "maybe")).code());
        }
        assertEquals("PNP0A08", app.read("/sys/hal/acpi/devices/_SB_.PCI0/hid"), "nothing changed");
        assertEquals(8486L, app.read("/sys/hal/acpi/tables/DSDT/length"), "nothing changed");
    }
}
