package aegis.hal.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

import aegis.hal.capability.api.Permission;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AttributeSpecTest {

    @ParameterizedTest
    @ValueSource(strings = { "/sys/hal/cpu/0/frequency_mhz", "/sys/hal/power/battery_status",
            "/sys/hal/devices/acpi:%5C_SB.PCI0/wakeup", "/sys/hal/gpu/card0/mem_used", "/sys/hal/a/b",
            "/sys/hal/usb/1-1.2/speed@port,x=y+z" })
    void validPaths(String path) {
        assertNull(AttributeSpec.problem(path));
        assertEquals(path, AttributeSpec.builder(path, AttributeType.STRING).build().path());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty",
            "sys/hal/cpu/x|not under /sys/hal/",
            "/sys/hal|not under /sys/hal/",
            "/sys/hal/cpu|needs at least one directory",
            "/sys/hal/cpu//x|empty segment at character 13",
            "/sys/hal/cpu/x/|empty segment",
            "/sys/hal/cpu/../x|relative segment",
            "/sys/hal/./cpu/x|relative segment",
            "/sys/hal/cpu/a b|character ' ' not allowed",
            "/sys/hal/cpu/a*|character '*' not allowed",
            "/sys/halt/cpu/x|not under /sys/hal/",
            "/proc/cpuinfo|not under /sys/hal/" })
    void invalidPathsSayWhy(String path, String why) {
        String problem = AttributeSpec.problem(path);
        assertTrue(problem != null && problem.contains(why), path + " -> " + problem);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(path, AttributeType.STRING).build());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void longSegmentsAndPathsAreRefused() {
        assertTrue(AttributeSpec.problem("/sys/hal/x/" + "a".repeat(256)).contains("longer than 255"));
        assertNull(AttributeSpec.problem("/sys/hal/x/" + "a".repeat(255)));
        String deep = "/sys/hal" + "/abcdefg".repeat(600);
        assertTrue(AttributeSpec.problem(deep).contains("longer than 4096"));
        assertTrue(AttributeSpec.problem("/sys/hal/x/a\u00e9").contains("not allowed"));
        assertTrue(AttributeSpec.problem("/sys/hal/x/a\nb").contains("\\u000a"));
    }

    @Test
    void rulesOfTheSpec() {
        String p = "/sys/hal/t/x";
        assertThrows(IllegalArgumentException.class, () -> AttributeSpec.builder(p, AttributeType.ENUM).build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.STRING).range(1, 2).build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.INTEGER).range(5, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.INTEGER).range(new BigDecimal("0.5"), null).build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.BOOLEAN).allowed("x").build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.ENUM).allowed("a", "A").build());
        assertThrows(IllegalArgumentException.class, () -> AttributeSpec.builder(p, AttributeType.INTEGER).writable(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.INTEGER).writable(1 << 20).build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.INTEGER).device("/sys/block/x").build());
        assertThrows(IllegalArgumentException.class,
                () -> AttributeSpec.builder(p, AttributeType.INTEGER).device("/dev/../etc").build());
        AttributeSpec s = AttributeSpec.builder(p, AttributeType.DECIMAL).unit("W").writable()
                .range(new BigDecimal("0.5"), new BigDecimal("2.5")).device("/dev/power/x").build();
        assertEquals(Permission.WRITE.bit(), s.writeMask());
        assertEquals("x", s.name());
        assertEquals(Double.class, s.type().javaType());
    }
}
