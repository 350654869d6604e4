package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.uefi.codec.DevicePathText;
import aegis.hal.uefi.internal.jna.JnaFiles;
import aegis.hal.uefi.model.SecureBootState;
import aegis.hal.uefi.testing.Fixtures;
import aegis.hal.uefi.testing.Fixtures.ToolResult;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UefiServiceImplTest {
    /** Registrations kept in a list. */
    static final class Registry implements DeviceSync.Registrar {
        final List<Device> live = new ArrayList<>();

        @Override
        public DeviceSync.Registration register(Class<Device> type, Device device, Dictionary<String, ?> props) {
            assertEquals(device.id(), props.get(Device.ID));
            live.add(device);
            return () -> {
                if (!live.remove(device)) {
                    throw new IllegalStateException("unregistered twice");
                }
            };
        }
    }

    /** For the tests that look only at devices. */
    static AttributeSync noAttributes() {
        return new AttributeSync(a -> () -> { });
    }

    static UefiServiceImpl.Config config(boolean writes) {
        return new UefiServiceImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return UefiServiceImpl.Config.class;
            }

            @Override
            public boolean writes_enabled() {
                return writes;
            }
        };
    }

    @Test
    void nonEfiHostSaysSoAndRegistersNothing() {
        Registry reg = new Registry();
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(Fixtures.nvme()), config(true), new DeviceSync(reg), noAttributes(), JnaFiles::load);
        assertFalse(s.isEfiSystem());
        s.syncDevices();
        assertEquals(List.of(), reg.live);
        HalException e = assertThrows(HalException.class, s::bootManager);
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith("not an EFI system"), e.getMessage());
        assertEquals(ErrorCode.UNSUPPORTED, assertThrows(HalException.class, () -> s.setBootNext(0)).code());
        assertTrue(new UefiCommands(s).boot(false).contains("not an EFI system"));
        s.deactivate();
    }

    @Test
    void efiHostRegistersTheFirmwareAndOneDevicePerBootEntry() throws Exception {
        Registry reg = new Registry();
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(Fixtures.q35()), config(false), new DeviceSync(reg), noAttributes(), JnaFiles::load);
        s.syncDevices();
        assertEquals(List.of("uefi:firmware", "uefi:boot0000", "uefi:boot0001"), reg.live.stream().map(Device::id).toList());
        BasicDevice boot1 = (BasicDevice) reg.live.get(2);
        assertEquals(Optional.of("uefi:firmware"), boot1.parentId());
        assertEquals("UEFI", boot1.serviceProperties().get(Device.CLASS));
        assertEquals("Linux Boot Manager", boot1.properties().get("description"));
        assertEquals(0, boot1.properties().get("efi.boot_order_position"));
        assertEquals(Fixtures.oracle("efibootmgr-v.txt").get(3).split("\t")[1], boot1.properties().get("device_path"));
        s.syncDevices();
        assertEquals(3, reg.live.size());
        s.deactivate();
        assertEquals(List.of(), reg.live);
    }

    @Test
    void writesAreRefusedUnlessEnabledAndChangeNothing(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Map<String, byte[]> before = Fixtures.snapshot(root);
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(root), config(false), new DeviceSync(new Registry()), noAttributes(), JnaFiles::load);
        HalException e = assertThrows(HalException.class, () -> s.setBootOrder(List.of(0, 1)));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("writes.enabled"), e.getMessage());
        assertThrows(HalException.class, () -> s.deleteBootEntry(1));
        assertEquals(before.keySet(), Fixtures.snapshot(root).keySet());
        assertTrue(new UefiCommands(s).delete("0001").contains("PERMISSION_DENIED"));
        s.deactivate();
    }

    @Test
    void enabledWritesResyncTheDevices(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Registry reg = new Registry();
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(root), config(true), new DeviceSync(reg), noAttributes(), JnaFiles::load);
        s.syncDevices();
        s.deleteBootEntry(1);
        s.deactivate(); // waits for the queued resync
        assertFalse(Files.exists(root.resolve("sys/firmware/efi/efivars/Boot0001-" + Fixtures.GLOBAL)));
        UefiServiceImpl again = new UefiServiceImpl(HostRoot.of(root), config(true), new DeviceSync(reg), noAttributes(), JnaFiles::load);
        again.syncDevices();
        assertEquals(List.of("uefi:firmware", "uefi:boot0000"), reg.live.stream().map(Device::id).toList());
        int n = again.createBootEntry("x", DevicePathText.parse("File(\\x.efi)"), new byte[0], true);
        assertEquals(1, n);
        again.deactivate();
    }

    @Test
    void secureBootStateAgreesWithTheMokutilOracleAndMokutil(@TempDir Path tmp) throws Exception {
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(Fixtures.q35()), config(false), new DeviceSync(new Registry()), noAttributes(),
                JnaFiles::load);
        SecureBootState st = s.secureBoot();
        assertEquals(Fixtures.oracle("mokutil-sb-state.txt"), st.summary());
        assertEquals(Optional.of(0), st.secureBoot());
        assertEquals(Optional.of(1), st.setupMode());
        assertEquals(List.of("PK", "KEK", "db", "dbx"), st.databases().stream().map(d -> d.name()).toList());
        assertTrue(st.databases().stream().noneMatch(d -> d.present()));
        s.deactivate();
        Path efivars = Fixtures.copyQ35(tmp).resolve("sys/firmware/efi/efivars");
        Optional<ToolResult> live = Fixtures.runTool(efivars, "mokutil", "--sb-state");
        assumeTrue(live.isPresent(), "mokutil is not installed");
        assertEquals(live.get().lines(), st.summary());
    }

    @Test
    void commandsShowWhatTheToolsShow() throws Exception {
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(Fixtures.q35()), config(false), new DeviceSync(new Registry()), noAttributes(),
                JnaFiles::load);
        UefiCommands c = new UefiCommands(s);
        assertEquals(String.join("\n", Fixtures.oracle("efibootmgr-v.txt")) + "\n", c.boot(false));
        assertTrue(c.secureboot(false).startsWith(String.join("\n", Fixtures.oracle("mokutil-sb-state.txt")) + "\n"));
        assertTrue(c.boot(true).contains("\"description\": \"Linux Boot Manager\""), c.boot(true));
        String vars = c.vars(false);
        assertEquals(28, vars.split("\n").length, vars);
        assertTrue(c.vars(true).contains("\"name\": \"SecureBoot\""));
        assertTrue(c.bootnext("zz").contains("'zz' is not a boot option number"));
        assertTrue(c.create(false, "x", "USB(1,0)").contains("BAD_FORMAT"));
        s.deactivate();
    }

    @Test
    void writeCommandsChangeTheStoreAndReadBackWithEfibootmgr(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(root), config(true), new DeviceSync(new Registry()), noAttributes(), JnaFiles::load);
        UefiCommands c = new UefiCommands(s);
        assertEquals("created Boot0002* Stick\tPciRoot(0x0)/Pci(0x1,0x0)/File(\\EFI\\BOOT\\BOOTX64.EFI)",
                c.create(false, "Stick", "PciRoot(0x0)/Pci(0x1,0x0)/File(\\EFI\\BOOT\\BOOTX64.EFI)"));
        assertEquals("BootOrder set to 0000,0002,0001", c.bootorder("0,2,1"));
        assertEquals("BootNext set to 0002", c.bootnext("2"));
        assertTrue(c.bootorder("0,7").contains("there is no Boot0007"), c.bootorder("0,7"));
        assertEquals("deleted Boot0001", c.delete("1"));
        assertTrue(c.delete("1").contains("there is no Boot0001"));
        Path efivars = root.resolve("sys/firmware/efi/efivars");
        Optional<ToolResult> live = Fixtures.runTool(efivars, "efibootmgr", "-v");
        assumeTrue(live.isPresent(), "efibootmgr is not installed");
        assertEquals(live.get().out(), c.boot(false));
        assertEquals(List.of("BootNext: 0002", "Timeout: 0 seconds", "BootOrder: 0000,0002"), live.get().lines().subList(0, 3));
        s.deactivate();
    }
}
