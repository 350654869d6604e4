package aegis.hal.cpu.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.cpu.internal.Fixtures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

/** The CPU list format: the fixtures' lists, round trips, and hostile input. */
class CpuListTest {
    @ParameterizedTest
    @ValueSource(strings = {"firecracker", "qemu-q35", "qemu-nvme"})
    void listsAgreeWithTheirHexMasks(String host) throws Exception {
        // every *_list file of the fixture against its kernel-written hex mask twin
        Path cpu = Fixtures.host(host).resolve("sys/devices/system/cpu");
        int checked = 0;
        try (var s = Files.walk(cpu)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith("_list")) {
                    continue;
                }
                Path mask = p.resolveSibling(name.substring(0, name.length() - 5));
                if (!Files.exists(mask)) {
                    continue;
                }
                List<Integer> cpus = CpuList.parse(Files.readString(p), p.toString());
                long bits = Long.parseLong(Files.readString(mask).strip().replace(",", ""), 16);
                long fromList = 0;
                for (int c : cpus) {
                    fromList |= 1L << c;
                }
                assertEquals(bits, fromList, p.toString());
                checked++;
            }
        }
        assertTrue(checked >= 10, host + ": " + checked + " lists checked");
    }

    @Property(tries = 300)
    void formatThenParseIsIdentity(@ForAll @Size(max = 40) @UniqueElements List<@IntRange(max = 300) Integer> cpus)
            throws HalException {
        List<Integer> sorted = cpus.stream().sorted().toList();
        assertEquals(sorted, CpuList.parse(CpuList.format(sorted), "test"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-", "-1", "3-1", "0,,1", "0,", "a", "0-2x", "99999999", "0-70000", " 1 2"})
    void badListsNameTheSource(String text) {
        HalException e = assertThrows(HalException.class, () -> CpuList.parse(text, "/sys/x/online"));
        assertEquals(ErrorCode.BAD_FORMAT, e.code());
        assertTrue(e.getMessage().startsWith("/sys/x/online: "), e.getMessage());
    }
}
