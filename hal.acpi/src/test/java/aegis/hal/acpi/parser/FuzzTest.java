package aegis.hal.acpi.parser;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A deterministic mutation fuzzer over the real fixture tables: bit flips, byte stores, truncations,
 * insertions, deletions and random length fields. The table decoder must never throw; the AML
 * parser may only throw {@link AcpiFormatException}; nothing may hang. Bounded to a few seconds
 * (system property {@code acpi.fuzz.seconds}, default 4).
 */
class FuzzTest {
    static List<byte[]> samples() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Oracles.fixtures())) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().contains("/tables/")).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(8)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> { // insert random bytes
                    byte[] ins = new byte[1 + r.nextInt(16)];
                    r.nextBytes(ins);
                    byte[] c = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(ins, 0, c, at, ins.length);
                    System.arraycopy(b, at, c, at + ins.length, b.length - at);
                    b = c;
                }
                case 4 -> { // delete a run
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 5 -> { // a random package-length-like lead byte
                    b[at] = (byte) (0x40 * r.nextInt(4) | r.nextInt(16));
                }
                case 6 -> { // the table length field
                    if (b.length >= 8) {
                        int v = r.nextBoolean() ? r.nextInt() : r.nextInt(b.length * 2 + 1);
                        b[4] = (byte) v;
                        b[5] = (byte) (v >>> 8);
                        b[6] = (byte) (v >>> 16);
                        b[7] = (byte) (v >>> 24);
                    }
                }
                default -> { // an opcode the grammar knows, somewhere random
                    int[] ops = {0x08, 0x10, 0x11, 0x12, 0x13, 0x14, 0x5B, 0x0D, 0x2E, 0x2F, 0x5C, 0x5E, 0xA0, 0x70};
                    b[at] = (byte) ops[r.nextInt(ops.length)];
                }
            }
        }
        return b;
    }

    @Test
    void mutatedTablesGiveOnlyDocumentedErrors() throws Exception {
        List<byte[]> samples = samples();
        long seconds = Long.getLong("acpi.fuzz.seconds", 4);
        int[] runs = {0, 0};
        assertTimeoutPreemptively(Duration.ofSeconds(seconds + 30), () -> {
            Random r = new Random(0xAC91L);
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                byte[] sample = samples.get(r.nextInt(samples.size()));
                byte[] b = mutate(sample, r);
                // the AML parser sees every signature, so give some mutants a definition block's
                if (b.length >= 4 && r.nextInt(3) == 0) {
                    b[0] = 'S';
                    b[1] = 'S';
                    b[2] = 'D';
                    b[3] = 'T';
                }
                String name = new String(b, 0, Math.min(4, b.length), java.nio.charset.StandardCharsets.ISO_8859_1);
                AcpiTable t = TableDecoder.decode("fuzz", b);
                assertNotNull(t);
                t.fields().forEach(f -> assertNotNull(f.value()));
                try {
                    AmlParser.parse("fuzz", b);
                } catch (AcpiFormatException e) {
                    assertTrue(e.getMessage().startsWith("fuzz at offset 0x"), e.getMessage());
                    runs[1]++;
                }
                AcpiNamespace ns = AmlParser.load(List.of(TableDecoder.decode("SSDT1", b)));
                assertNotNull(ns.root());
                assertNotNull(name);
                runs[0]++;
            }
        });
        assertTrue(runs[0] > 100, "too few fuzz runs: " + runs[0]);
        assertTrue(runs[1] > 0, "no mutant was rejected, the fuzzer is not reaching the parser");
    }
}
