package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import aegis.hal.uefi.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysfsShapeTest {
    @Test
    void attributesOfTheFixtureStoreAgreeWithTheOracles() throws Exception {
        UefiReader r = new UefiReader(EfibootmgrAgreementTest.store(Fixtures.q35Efivars()));
        Map<String, String> a = SysfsShape.attributes(r.bootManager(), r.secureBoot());
        List<String> boot = Fixtures.oracle("efibootmgr-v.txt");
        assertEquals(boot.get(0), "Timeout: " + a.get("/sys/hal/uefi/timeout") + " seconds");
        assertEquals(boot.get(1), "BootOrder: " + a.get("/sys/hal/uefi/boot_order"));
        assertEquals(boot.get(3), "Boot0001* " + a.get("/sys/hal/uefi/boot/0001/description") + "\t"
                + a.get("/sys/hal/uefi/boot/0001/device_path"));
        assertEquals("1", a.get("/sys/hal/uefi/boot/0001/active"));
        assertEquals(Fixtures.oracle("mokutil-sb-state.txt").get(0), "SecureBoot " + a.get("/sys/hal/uefi/secure_boot"));
        assertEquals("1", a.get("/sys/hal/uefi/setup_mode")); // "Platform is in Setup Mode"
        assertEquals("", a.get("/sys/hal/uefi/boot_current")); // efibootmgr-v.txt has no BootCurrent line
    }
}
