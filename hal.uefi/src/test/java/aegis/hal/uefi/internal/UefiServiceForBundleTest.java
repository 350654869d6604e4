package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.uefi.internal.jna.JnaFiles;
import aegis.hal.uefi.testing.Fixtures;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UefiServiceForBundleTest {
    /** A capability service whose one application holds {@code held} on the firmware node. */
    static CapabilityService capabilities(AtomicInteger held) {
        Subject app = new Subject() {
            @Override
            public Optional<Principal> principal() {
                return Optional.empty();
            }

            @Override
            public boolean trusted() {
                return false;
            }
        };
        return (CapabilityService) Proxy.newProxyInstance(UefiServiceForBundleTest.class.getClassLoader(),
                new Class<?>[] { CapabilityService.class }, (p, m, a) -> switch (m.getName()) {
                    case "subject" -> app;
                    case "require" -> {
                        int want = (Integer) a[2];
                        if (!DeviceSync.FIRMWARE_NODE.equals(a[1]) || (held.get() & want) != want) {
                            throw new HalException(ErrorCode.PERMISSION_DENIED, "ops/boot lacks "
                                    + Permission.names(want & ~held.get()) + " on " + a[1]);
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void writesNeedAdminAndWriteOnTheFirmwareNodeAndReadsDoNot(@TempDir Path tmp) throws Exception {
        Path root = Fixtures.copyQ35(tmp);
        Map<String, byte[]> before = Fixtures.snapshot(root);
        UefiServiceImpl firmware = new UefiServiceImpl(HostRoot.of(root), UefiServiceImplTest.config(true),
                new DeviceSync(new UefiServiceImplTest.Registry()), UefiServiceImplTest.noAttributes(), JnaFiles::load);
        AtomicInteger held = new AtomicInteger();
        UefiServiceForBundle app = new UefiServiceForBundle((org.osgi.framework.Bundle) null, firmware, capabilities(held));
        assertEquals(List.of(1, 0), app.bootManager().bootOrder(), "reads need no grant");

        HalException none = assertThrows(HalException.class, () -> app.setBootOrder(List.of(0, 1)));
        assertEquals(ErrorCode.PERMISSION_DENIED, none.code());
        held.set(Permission.WRITE.bit());
        HalException writeOnly = assertThrows(HalException.class, () -> app.deleteBootEntry(1));
        assertTrue(writeOnly.getMessage().contains("ADMIN"), writeOnly.getMessage());
        Map<String, byte[]> after = Fixtures.snapshot(root);
        assertEquals(before.keySet(), after.keySet(), "a refused write changes nothing");
        before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, after.get(k)), "a refused write changed " + k));

        held.set(UefiServiceForBundle.WRITE_MASK);
        app.setBootOrder(List.of(0, 1));
        assertEquals(List.of(0, 1), firmware.bootManager().bootOrder());
        firmware.deactivate();
    }
}
