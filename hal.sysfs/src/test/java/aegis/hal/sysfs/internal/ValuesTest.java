package aegis.hal.sysfs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {
    static final AttributeSpec FREQ = AttributeSpec.builder("/sys/hal/cpu/0/frequency_mhz", AttributeType.INTEGER)
            .unit("MHz").writable().range(800, 4200).build();
    static final AttributeSpec SCALE = AttributeSpec.builder("/sys/hal/gpu/card0/scale", AttributeType.DECIMAL)
            .writable().range(new BigDecimal("0.25"), new BigDecimal("4")).build();
    static final AttributeSpec GOV = AttributeSpec.builder("/sys/hal/cpu/0/governor", AttributeType.ENUM).writable()
            .allowed("performance", "powersave", "schedutil").build();
    static final AttributeSpec LABEL = AttributeSpec.builder("/sys/hal/block/loop0/label", AttributeType.STRING)
            .writable().build();
    static final AttributeSpec MODE = AttributeSpec.builder("/sys/hal/power/mode", AttributeType.STRING).writable()
            .allowed("ac", "battery").build();
    static final AttributeSpec ON = AttributeSpec.builder("/sys/hal/audio/pcm0p/mute", AttributeType.BOOLEAN)
            .writable().build();
    static final AttributeSpec KEY = AttributeSpec.builder("/sys/hal/usb/x/key", AttributeType.BYTES).writable()
            .build();
    static final AttributeSpec ANY = AttributeSpec.builder("/sys/hal/t/any", AttributeType.INTEGER).writable().build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "800|800", "4200|4200", "' 2400 '|2400", "+1000|1000" })
    void integersInRange(String text, long expected) throws HalException {
        assertEquals(expected, Values.parse(FREQ, text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "799|below the minimum 800 MHz (range 800..4200 MHz)",
            "4201|above the maximum 4200 MHz (range 800..4200 MHz)",
            "fast|not an integer",
            "2400.5|not an integer",
            "0x10|not an integer",
            "''|not an integer",
            "99999999999999999999|not an integer" })
    void integersOutOfRangeOrMalformedNamePathValueAndRule(String text, String rule) {
        HalException e = assertThrows(HalException.class, () -> Values.parse(FREQ, text));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("/sys/hal/cpu/0/frequency_mhz: value '" + text + "' rejected: "),
                e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    @Test
    void unboundedIntegersTakeTheWholeLongRange() throws HalException {
        assertEquals(Long.MIN_VALUE, Values.parse(ANY, "-9223372036854775808"));
        assertEquals(Long.MAX_VALUE, Values.parse(ANY, "9223372036854775807"));
    }

    @Test
    void decimals() throws HalException {
        assertEquals(0.25, Values.parse(SCALE, "0.25"));
        assertEquals(4.0, Values.parse(SCALE, "4"));
        assertEquals(1.5, Values.parse(SCALE, "15e-1"));
        assertEquals(0.5, Values.parse(SCALE, ".5"));
        for (String bad : new String[] { "0.2499", "4.0001", "NaN", "Infinity", "1,5", "--1", "1e99999" }) {
            HalException e = assertThrows(HalException.class, () -> Values.parse(SCALE, bad), bad);
            assertTrue(e.getMessage().contains("value '" + bad + "' rejected"), e.getMessage());
        }
        assertEquals("2.5", Values.format(AttributeType.DECIMAL, 2.5));
        assertEquals("3", Values.format(AttributeType.DECIMAL, 3.0));
        assertEquals("0", Values.format(AttributeType.DECIMAL, -0.0));
    }

    @Test
    void enumsMatchIgnoringCaseAndKeepTheAllowedSpelling() throws HalException {
        assertEquals("powersave", Values.parse(GOV, " PowerSave "));
        HalException e = assertThrows(HalException.class, () -> Values.parse(GOV, "turbo"));
        assertEquals("/sys/hal/cpu/0/governor: value 'turbo' rejected: not one of [performance, powersave, schedutil];"
                + " nothing changed", e.getMessage());
    }

    @Test
    void stringsAreOneLine() throws HalException {
        assertEquals("backup disk", Values.parse(LABEL, "backup disk\n"));
        assertEquals(" x ", Values.parse(LABEL, " x "));
        HalException e = assertThrows(HalException.class, () -> Values.parse(LABEL, "a\nb"));
        assertTrue(e.getMessage().contains("value 'a\\x0ab' rejected: control character \\x0a at index 1"),
                e.getMessage());
        assertThrows(HalException.class, () -> Values.parse(LABEL, "x".repeat(Values.MAX_TEXT + 1)));
        assertEquals("ac", Values.parse(MODE, "ac"));
        assertTrue(assertThrows(HalException.class, () -> Values.parse(MODE, "AC")).getMessage()
                .contains("not one of [ac, battery]"));
    }

    @Test
    void booleans() throws HalException {
        for (String t : new String[] { "true", "1", "YES", "on" }) {
            assertEquals(Boolean.TRUE, Values.parse(ON, t));
        }
        for (String t : new String[] { "false", "0", "no", "Off" }) {
            assertEquals(Boolean.FALSE, Values.parse(ON, t));
        }
        assertTrue(assertThrows(HalException.class, () -> Values.parse(ON, "maybe")).getMessage()
                .contains("not a boolean"));
    }

    @Test
    void bytes() throws HalException {
        assertArrayEquals(new byte[] { 0x0a, (byte) 0xff, 0 }, (byte[]) Values.parse(KEY, "0a:FF 00"));
        assertArrayEquals(new byte[] { 0x12 }, (byte[]) Values.parse(KEY, "0x12"));
        assertArrayEquals(new byte[0], (byte[]) Values.parse(KEY, ""));
        assertTrue(assertThrows(HalException.class, () -> Values.parse(KEY, "abc")).getMessage()
                .contains("odd number of hex digits (3)"));
        assertTrue(assertThrows(HalException.class, () -> Values.parse(KEY, "zz")).getMessage()
                .contains("'z' at index 0"));
        assertEquals("0aff00", Values.format(AttributeType.BYTES, new byte[] { 0x0a, (byte) 0xff, 0 }));
    }

    @Test
    void providerValuesAreCheckedAndConverted() throws HalException {
        assertEquals(5L, Values.normalise(FREQ, 5));
        assertEquals(2.0, Values.normalise(SCALE, 2));
        assertEquals("x", Values.normalise(LABEL, new StringBuilder("x")));
        HalException e = assertThrows(HalException.class, () -> Values.normalise(FREQ, "5"));
        assertEquals(ErrorCode.DRIVER_FAILED, e.code());
        assertTrue(e.getMessage().contains("/sys/hal/cpu/0/frequency_mhz: the provider returned a java.lang.String"));
        assertThrows(HalException.class, () -> Values.normalise(SCALE, Double.NaN));
        assertThrows(HalException.class, () -> Values.normalise(ON, null));
    }
}
