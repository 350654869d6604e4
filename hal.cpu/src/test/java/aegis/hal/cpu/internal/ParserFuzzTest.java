package aegis.hal.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.internal.parse.CpuInfoParser;
import aegis.hal.cpu.internal.parse.CpuList;
import aegis.hal.cpu.internal.parse.CpuidDecoder;
import aegis.hal.cpu.internal.parse.Formats;
import aegis.hal.cpu.internal.parse.ProcStatParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic mutation fuzzing (seeded {@link Random}: bit flips, truncations, insertions,
 * duplications, random bytes) of every parser over real samples from the fixtures, and of the
 * sysfs reader over a mutated copy of a fixture tree. Only BAD_FORMAT {@link HalException}s may come
 * out, never another exception, and nothing may hang.
 */
class ParserFuzzTest {
    private static final long SEED = 0x5eed_c0deL;

    interface Parser {
        void parse(byte[] input) throws HalException;
    }

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int op = r.nextInt(6);
        switch (op) {
            case 0 -> { // bit flips
                for (int i = 0, n = 1 + r.nextInt(8); i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length)); // truncate
            case 2 -> { // insert random bytes
                int at = b.length == 0 ? 0 : r.nextInt(b.length);
                byte[] ins = new byte[1 + r.nextInt(16)];
                r.nextBytes(ins);
                byte[] out = new byte[b.length + ins.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, ins.length);
                System.arraycopy(b, at, out, at + ins.length, b.length - at);
                b = out;
            }
            case 3 -> { // duplicate a chunk
                if (b.length > 0) {
                    int from = r.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + r.nextInt(64));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, from + len);
                    System.arraycopy(b, from, out, from + len, b.length - from);
                    b = out;
                }
            }
            case 4 -> { // replace a byte by a delimiter the formats care about
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) ":-,\n \t0K9x".charAt(r.nextInt(10));
                }
            }
            default -> { // random bytes of random length
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    static int fuzz(String what, List<byte[]> samples, int rounds, Parser parser) {
        Random r = new Random(SEED ^ what.hashCode());
        int rejected = 0;
        for (int i = 0; i < rounds; i++) {
            byte[] in = samples.get(r.nextInt(samples.size()));
            for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                in = mutate(in, r);
            }
            try {
                parser.parse(in);
            } catch (HalException e) {
                assertEquals(ErrorCode.BAD_FORMAT, e.code(), what + ": " + e);
                rejected++;
            } catch (RuntimeException e) {
                fail(what + ": round " + i + " threw " + e + " for input "
                        + new String(in, StandardCharsets.ISO_8859_1), e);
            }
        }
        return rejected;
    }

    static List<byte[]> files(String glob) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String host : Fixtures.HOSTS) {
            Path root = Fixtures.host(host);
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (Files.isRegularFile(p) && root.getFileSystem().getPathMatcher("glob:" + glob)
                            .matches(root.relativize(p))) {
                        out.add(Files.readAllBytes(p));
                    }
                }
            }
        }
        assertTrue(!out.isEmpty(), "no samples for " + glob);
        return out;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void textParsersRejectOnlyWithBadFormat() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int rejected = 0;
            rejected += fuzz("cpuinfo", files("proc/cpuinfo"), 3000, b -> CpuInfoParser.parse(text(b), "cpuinfo"));
            rejected += fuzz("stat", files("proc/stat"), 3000, b -> ProcStatParser.parse(text(b), "stat"));
            rejected += fuzz("cpulist", files("sys/devices/system/cpu/**_list"), 5000,
                    b -> CpuList.parse(text(b), "list"));
            rejected += fuzz("size", files("sys/devices/system/cpu/cpu*/cache/index*/size"), 3000,
                    b -> Formats.parseSize(text(b), "size"));
            rejected += fuzz("int", files("sys/devices/system/cpu/cpu*/topology/core_id"), 3000,
                    b -> Formats.parseInt(text(b), "core_id"));
            assertTrue(rejected > 1000, "the mutations were too gentle: " + rejected + " rejected");
        });
    }

    @Test
    void cpuidDumpDecoderRejectsOnlyWithBadFormat() throws IOException {
        Path dir = Fixtures.path("cpuid/firecracker-epyc-live");
        List<byte[]> dumps = List.of(Files.readAllBytes(dir.resolve("cpu0.cpuid")),
                Files.readAllBytes(dir.resolve("cpu1.cpuid")));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int rejected = fuzz("cpuid", dumps, 5000,
                    b -> CpuidDecoder.decode(0, CpuidDecoder.parseDump(b, "dump"), "dump"));
            assertTrue(rejected > 100, rejected + " rejected");
        });
    }

    @Test
    void sysfsReaderNamesTheBadFileAndNeverThrowsOtherwise(@TempDir Path tmp) throws IOException {
        Fixtures.copyTree(Fixtures.host("qemu-nvme"), tmp);
        List<Path> targets = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tmp.resolve("sys/devices/system"))) {
            s.filter(Files::isRegularFile).filter(p -> p.toString().contains("/topology/")
                    || p.toString().contains("/cache/index") || p.getFileName().toString().matches("online|possible|present|cpulist"))
                    .forEach(targets::add);
        }
        targets.add(tmp.resolve("proc/cpuinfo"));
        HostRoot host = HostRoot.of(tmp);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(SEED);
            int rejected = 0;
            for (int i = 0; i < 400; i++) {
                Path p = targets.get(r.nextInt(targets.size()));
                byte[] original = Files.readAllBytes(p);
                Files.write(p, mutate(original, r));
                try {
                    CpuInventory inv = new CpuInventoryReader(host).read();
                    new LscpuView(inv, Map.of()).summary();
                    new LscpuView(inv, Map.of()).cpus();
                    new LscpuView(inv, Map.of()).caches();
                    CpuDeviceFactory.devices(inv);
                } catch (HalException e) {
                    assertEquals(ErrorCode.BAD_FORMAT, e.code(), e.toString());
                    String rel = "/" + tmp.relativize(p);
                    assertTrue(e.getMessage().startsWith(rel), "error should name " + rel + ": " + e.getMessage());
                    rejected++;
                } catch (RuntimeException e) {
                    fail("mutating " + p + " made the reader throw " + e, e);
                } finally {
                    Files.write(p, original);
                }
            }
            assertTrue(rejected > 50, rejected + " rejected");
        });
    }
}
