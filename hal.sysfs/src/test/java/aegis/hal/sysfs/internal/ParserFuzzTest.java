package aegis.hal.sysfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;

import org.junit.jupiter.api.Test;

/**
 * Deterministic mutation fuzzing of every text parser of the bundle (written values, directory
 * paths, globs, device directory names): seeded mutations of valid samples; only the documented
 * outcome may come out (a value within the rules, or INVALID_ARGUMENT), never another exception,
 * never a hang.
 */
class ParserFuzzTest {
    private static final List<AttributeSpec> SPECS = List.of(ValuesTest.FREQ, ValuesTest.SCALE, ValuesTest.GOV,
            ValuesTest.LABEL, ValuesTest.MODE, ValuesTest.ON, ValuesTest.KEY, ValuesTest.ANY);
    private static final List<String> SAMPLES = List.of("2400", "-12", "+7", "0.25", "1e3", ".5", "powersave", "ac",
            "true", "off", "0a:ff 00", "0x12", "backup disk\n", "/sys/hal/cpu/0", "**/state", "devices/*/state",
            "acpi:%5C_SB.PCI0", "9223372036854775807", "");
    private static final int ROUNDS = 40_000;
    private static final String SPECIAL = "%*/.-e9:\u00e9\u0000";

    static String mutate(Random r, String s) {
        StringBuilder b = new StringBuilder(s);
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            int op = r.nextInt(5);
            int at = b.length() == 0 ? 0 : r.nextInt(b.length());
            switch (op) {
                case 0 -> { // flip a bit of a character
                    if (b.length() > 0) {
                        b.setCharAt(at, (char) (b.charAt(at) ^ (1 << r.nextInt(8))));
                    }
                }
                case 1 -> b.setLength(at); // truncate
                case 2 -> b.insert(at, (char) r.nextInt(0x80)); // insert ASCII, controls included
                case 3 -> b.insert(at, SPECIAL.charAt(r.nextInt(SPECIAL.length())));
                default -> { // random length
                    String digits = String.valueOf(r.nextLong());
                    b.append(digits, 0, 1 + r.nextInt(digits.length()));
                }
            }
        }
        return b.toString();
    }

    @Test
    void writtenValues() {
        Random r = new Random(20261124L);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < ROUNDS; i++) {
                AttributeSpec spec = SPECS.get(r.nextInt(SPECS.size()));
                String text = mutate(r, SAMPLES.get(r.nextInt(SAMPLES.size())));
                Object v;
                try {
                    v = Values.parse(spec, text);
                } catch (HalException e) {
                    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
                    assertTrue(e.getMessage().startsWith(spec.path() + ": value '"), e.getMessage());
                    continue;
                }
                assertTrue(spec.type().javaType().isInstance(v), spec.type() + " got " + v.getClass());
                if (spec.type().numeric()) {
                    BigDecimal b = new BigDecimal(String.valueOf(v));
                    assertTrue(spec.min() == null || b.compareTo(spec.min()) >= 0, text);
                    assertTrue(spec.max() == null || b.compareTo(spec.max()) <= 0, text);
                }
                if (spec.type() == AttributeType.ENUM || !spec.allowed().isEmpty()) {
                    assertTrue(spec.allowed().contains(v), text);
                }
                // what was accepted parses again from its own text form to the same value
                Object again = Values.parse(spec, Values.format(spec.type(), v));
                assertEquals(Values.format(spec.type(), v), Values.format(spec.type(), again));
            }
        });
    }

    @Test
    void pathsGlobsAndDeviceNames() {
        Random r = new Random(7L);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < ROUNDS; i++) {
                String text = mutate(r, SAMPLES.get(r.nextInt(SAMPLES.size())));
                try {
                    String d = SysPaths.directory(text);
                    assertTrue(d.equals(SysPaths.ROOT) || AttributeSpec.problem(d) == null
                            || AttributeSpec.problem(d).contains("needs at least one directory"), d);
                } catch (HalException e) {
                    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
                }
                try {
                    Glob.compile(text).matches("/sys/hal/devices/cpu:0/state");
                } catch (HalException e) {
                    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
                }
                String id = SysPaths.decodeId(text);
                if (id != null) {
                    assertEquals(text, SysPaths.encodeId(id));
                }
                String problem = AttributeSpec.problem(text);
                assertTrue(problem == null || !problem.isEmpty());
            }
        });
    }
}
