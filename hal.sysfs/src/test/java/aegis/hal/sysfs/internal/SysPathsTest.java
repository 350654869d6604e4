package aegis.hal.sysfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.AttributeSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SysPathsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "block:nvme0n1|block:nvme0n1",
            "cpu:0|cpu:0",
            "acpi:\\_SB.PCI0|acpi:%5C_SB.PCI0",
            "usb:1-1.2|usb:1-1.2",
            "sim:a b/c|sim:a%20b%2Fc",
            "x:100%|x:100%25",
            "uefi:Boot0001-8be4df61|uefi:Boot0001-8be4df61",
            "gpu:card\u00e9|gpu:card%C3%A9",
            ".|%2E",
            "..|%2E%2E" })
    void deviceIdsBecomeOneSafeSegmentAndBack(String id, String segment) {
        assertEquals(segment, SysPaths.encodeId(id));
        assertEquals(id, SysPaths.decodeId(segment));
        assertNull(AttributeSpec.problem(SysPaths.DEVICES + "/" + segment + "/state"));
    }

    @Test
    void onlyTheCanonicalSpellingNamesADevice() {
        assertNull(SysPaths.decodeId("cpu%3A0"), "':' is safe, so its escape is not canonical");
        assertNull(SysPaths.decodeId("acpi:%5c_SB.PCI0"), "lower-case hex is not canonical");
        assertNull(SysPaths.decodeId("bad%2"));
        assertNull(SysPaths.decodeId("bad%zz"));
        assertNull(SysPaths.encodeId(""));
        assertNull(SysPaths.encodeId("x".repeat(256)));
    }

    @Test
    void encodingRoundTripsForRandomIds() {
        Random r = new Random(42);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = 1 + r.nextInt(20); n > 0; n--) {
                sb.append((char) (r.nextInt(10) == 0 ? 0x80 + r.nextInt(0x700) : 0x20 + r.nextInt(0x5f)));
            }
            String id = sb.toString();
            String seg = SysPaths.encodeId(id);
            assertEquals(id, SysPaths.decodeId(seg), id);
            assertNull(AttributeSpec.problem(SysPaths.DEVICES + "/" + seg + "/x"), seg);
        }
    }

    @Test
    void directories() throws HalException {
        assertEquals("/sys/hal", SysPaths.directory("/sys/hal"));
        assertEquals("/sys/hal", SysPaths.directory("/sys/hal/"));
        assertEquals("/sys/hal/cpu", SysPaths.directory("/sys/hal/cpu/"));
        for (String bad : new String[] { "/sys", "/sys/hal//cpu", "/sys/hal/../etc", "cpu", "", "/sys/hal/a b" }) {
            HalException e = assertThrows(HalException.class, () -> SysPaths.directory(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
