package aegis.hal.acpi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiDevice;
import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.host.HostRoot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AcpiComponentTest {

    @Test
    void registersEveryNamespaceDeviceParentsFirstAndUnregistersThem() throws Exception {
        List<Fakes.Registration> regs = new ArrayList<>();
        List<String> log = new ArrayList<>();
        AcpiComponent c = new AcpiComponent(Fakes.context(regs), HostRoot.of(Fakes.fixtures().resolve("qemu-q35")),
                Fakes.config(Map.of()), null);
        c.logger = Fakes.logger(log);
        assertTrue(c.snapshot().tables().isEmpty(), "nothing is read before activation");
        c.start();
        AcpiSnapshot s = c.scanned().get(30, TimeUnit.SECONDS);
        assertEquals(s, c.snapshot());
        assertEquals(s.devices().size(), regs.size());
        assertEquals(s.devices().size(), c.registeredDevices());
        Set<String> seen = new HashSet<>();
        for (Fakes.Registration r : regs) {
            Device d = r.device;
            assertEquals(DeviceClass.ACPI, d.deviceClass());
            assertEquals(d.id(), r.properties.get(Device.ID));
            assertEquals("ACPI", r.properties.get(Device.CLASS));
            d.parentId().ifPresent(p -> assertTrue(seen.contains(p), "parent " + p + " registered before " + d.id()));
            seen.add(d.id());
        }
        Device pci0 = regs.stream().map(r -> r.device).filter(d -> d.id().equals("acpi:\\_SB_.PCI0")).findFirst().orElseThrow();
        assertEquals("acpi:\\_SB_", pci0.parentId().orElseThrow());
        assertEquals("PNP0A08", pci0.properties().get("hid"));
        assertEquals(List.of("PNP0A03"), pci0.properties().get("cid"));
        assertEquals("acpi:PNP0A08:PNP0A03:", pci0.properties().get(Device.MODALIAS));
        assertEquals("\\_SB_.PCI0", pci0.properties().get(AcpiDevice.PATH));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("info: ACPI: {} tables")), log::toString);
        c.stop();
        assertTrue(regs.stream().allMatch(r -> r.unregistered));
        assertEquals(0, c.registeredDevices());
    }

    @Test
    void registersNothingWhenConfiguredSoAndReportsUnreadableTables() throws Exception {
        List<Fakes.Registration> regs = new ArrayList<>();
        List<String> log = new ArrayList<>();
        AcpiComponent c = new AcpiComponent(Fakes.context(regs), HostRoot.of(Fakes.fixtures()),
                Fakes.config(Map.of("registerDevices", false)), null);
        c.logger = Fakes.logger(log);
        c.start();
        AcpiSnapshot s = c.scanned().get(30, TimeUnit.SECONDS);
        assertTrue(s.tables().isEmpty());
        assertEquals(1, s.problems().size());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("warn: ACPI: {}") && l.contains("no ACPI tables")), log::toString);
        assertTrue(regs.isEmpty());
        c.stop();
    }

    @Test
    void deviceDescriptionCarriesTheConstantIds() throws Exception {
        AcpiSnapshot s = TableReader.read(HostRoot.of(Fakes.fixtures().resolve("qemu-nvme")), TableReaderTest.DIR);
        AcpiDevice d = s.devices().stream().filter(x -> x.hid().orElse("").equals("PNP0303")).findFirst().orElseThrow();
        Device dev = AcpiComponent.toDevice(d);
        assertEquals(d.id(), dev.id());
        assertEquals(d.parentId(), dev.parentId());
        assertEquals("Device", dev.properties().get(AcpiDevice.TYPE));
        assertEquals("DSDT", dev.properties().get(AcpiDevice.TABLE));
    }

    @Test
    void defaultDriverMatchesEveryAcpiDeviceAndNothingElse() throws Exception {
        AcpiDriver driver = new AcpiDriver();
        AcpiSnapshot s = TableReader.read(HostRoot.of(Fakes.fixtures().resolve("firecracker")), TableReaderTest.DIR);
        for (AcpiDevice d : s.devices()) {
            Device dev = AcpiComponent.toDevice(d);
            assertEquals(1, driver.match(dev));
            driver.probe(dev);
        }
        assertEquals(s.devices().size(), driver.boundCount());
        Device cpu = aegis.hal.api.device.BasicDevice.builder("cpu:0", DeviceClass.CPU).build();
        assertEquals(0, driver.match(cpu));
        assertEquals(aegis.hal.api.error.ErrorCode.INVALID_ARGUMENT,
                org.junit.jupiter.api.Assertions.assertThrows(aegis.hal.api.error.HalException.class, () -> driver.probe(cpu)).code());
        for (AcpiDevice d : s.devices()) {
            driver.remove(AcpiComponent.toDevice(d));
        }
        assertEquals(0, driver.boundCount());
    }
}
