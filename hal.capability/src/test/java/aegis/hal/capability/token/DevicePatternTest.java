package aegis.hal.capability.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DevicePatternTest {

    @Test
    void matchesExactStarAndTail() throws HalException {
        DevicePattern exact = DevicePattern.parse("/dev/block/nvme0n1");
        assertTrue(exact.matches("/dev/block/nvme0n1"));
        assertFalse(exact.matches("/dev/block/nvme0n1p1"));
        assertFalse(exact.matches("/dev/block/nvme0n1/"));
        DevicePattern star = DevicePattern.parse("/dev/audio/pcm*p");
        assertTrue(star.matches("/dev/audio/pcm0p"));
        assertTrue(star.matches("/dev/audio/pcmp"));
        assertFalse(star.matches("/dev/audio/pcm0c"));
        assertFalse(star.matches("/dev/audio/x/pcm0p"));
        DevicePattern tail = DevicePattern.parse("/dev/usb/**");
        assertTrue(tail.matches("/dev/usb"));
        assertTrue(tail.matches("/dev/usb/bus0/device1-1.2"));
        assertFalse(tail.matches("/dev/usbx"));
        assertFalse(tail.matches("/dev/usb/../block/sda"), "non-canonical paths never match");
        assertFalse(tail.matches("/dev/usb//x"));
        assertFalse(tail.matches("/dev/usb/./x"));
        assertFalse(tail.matches(null));
    }

    @Test
    void rejectsBadPatternsNamingThePlace() {
        for (String bad : List.of("", "dev/x", "/devx", "/dev//x", "/dev/a/**/b", "/dev/a**", "/dev/../x", "/dev/a b",
                "/**", "/dev/" + "a".repeat(300))) {
            HalException e = assertThrows(HalException.class, () -> DevicePattern.parse(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertNotNull(DevicePattern.problem(bad));
        }
    }

    @Test
    void coversExamples() throws HalException {
        DevicePattern all = DevicePattern.parse("/dev/**");
        DevicePattern audio = DevicePattern.parse("/dev/audio/*");
        DevicePattern pcm = DevicePattern.parse("/dev/audio/pcm0p");
        assertTrue(all.covers(audio));
        assertTrue(audio.covers(pcm));
        assertFalse(pcm.covers(audio));
        assertFalse(audio.covers(all));
        assertFalse(audio.covers(DevicePattern.parse("/dev/audio/**")), "** reaches deeper than *");
        assertTrue(DevicePattern.parse("/dev/audio/pcm*").covers(DevicePattern.parse("/dev/audio/pcm0p")));
        assertFalse(DevicePattern.parse("/dev/audio/pcm*").covers(DevicePattern.parse("/dev/audio/p*")));
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> seg = Arbitraries.of("a", "b", "ab", "*", "a*", "*b", "a*b", "x1");
        return Combinators.combine(seg.list().ofMinSize(0).ofMaxSize(3), Arbitraries.of(true, false))
                .as((segs, tail) -> {
                    StringBuilder sb = new StringBuilder("/dev");
                    segs.forEach(s -> sb.append('/').append(s));
                    if (tail) {
                        sb.append("/**");
                    }
                    return sb.toString();
                });
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("a", "b", "ab", "aab", "abb", "x1", "c").list().ofMinSize(0).ofMaxSize(4)
                .map(segs -> "/dev" + segs.stream().map(s -> "/" + s).reduce("", String::concat));
    }

    /** Attenuation never widens: whatever a covered child matches, its parent matches. */
    @Property(tries = 2000)
    void coversImpliesMatchSubset(@ForAll("patterns") String parent, @ForAll("patterns") String child,
            @ForAll("paths") String path) throws HalException {
        DevicePattern p = DevicePattern.parse(parent);
        DevicePattern c = DevicePattern.parse(child);
        if (p.covers(c) && c.matches(path)) {
            assertTrue(p.matches(path), parent + " covers " + child + " which matches " + path);
        }
    }

    @Property(tries = 500)
    void everyPatternCoversItself(@ForAll("patterns") String pattern) throws HalException {
        DevicePattern p = DevicePattern.parse(pattern);
        assertTrue(p.covers(p));
    }
}
