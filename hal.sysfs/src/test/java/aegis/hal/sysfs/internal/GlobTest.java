package aegis.hal.sysfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/sys/hal/cpu/*/frequency_mhz|/sys/hal/cpu/0/frequency_mhz|true",
            "/sys/hal/cpu/*/frequency_mhz|/sys/hal/cpu/0/1/frequency_mhz|false",
            "/sys/hal/**/frequency_mhz|/sys/hal/cpu/0/frequency_mhz|true",
            "/sys/hal/**/frequency_mhz|/sys/hal/frequency_mhz|true",
            "/sys/hal/**|/sys/hal/a/b/c/d|true",
            "**/state|/sys/hal/devices/cpu:0/state|true",
            "devices/*/state|/sys/hal/devices/cpu:0/state|true",
            "devices/*/state|/sys/hal/devices/cpu:0/x/state|false",
            "devices/cpu:?/state|/sys/hal/devices/cpu:1/state|true",
            "devices/cpu:?/state|/sys/hal/devices/cpu:10/state|false",
            "/sys/hal/cpu/*/temp*|/sys/hal/cpu/3/temperature|true",
            "/sys/hal/cpu/*/temp*|/sys/hal/cpu/3/xtemperature|false",
            "/sys/hal/**/0/**|/sys/hal/cpu/0/freq|true",
            "/sys/hal/**/0/**|/sys/hal/cpu/1/freq|false",
            "/sys/hal/*|/sys/hal/cpu/0|false",
            "*/*/*|/sys/hal/x|false",
            "/*/*/*|/sys/hal/x|true" })
    void matches(String glob, String path, boolean expected) throws HalException {
        assertEquals(expected, Glob.compile(glob).matches(path), glob + " vs " + path);
    }

    @Test
    void malformedGlobsAreRefused() {
        for (String bad : new String[] { "", "  ", "/sys/hal//x", "/sys/hal/a**", "/sys/hal/x y", "/sys/hal/x/" }) {
            HalException e = assertThrows(HalException.class, () -> Glob.compile(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }

    @Test
    void manyStarsDoNotBlowUp() throws HalException {
        Glob g = Glob.compile("/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/*a*a*a*a*a*a*a*a*a*a*a*b");
        String path = "/sys/hal" + "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".repeat(40);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertEquals(false, g.matches(path)));
    }
}
