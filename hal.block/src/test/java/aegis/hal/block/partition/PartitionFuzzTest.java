package aegis.hal.block.partition;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import aegis.hal.api.error.HalException;
import aegis.hal.block.testing.Fixtures;

/**
 * A deterministic mutation fuzzer over the real images: bit flips, byte runs, truncations and
 * insertions in the MBR, GPT headers, entry arrays and EBRs, half of the time with the GPT CRCs
 * fixed up so that the deeper checks run. Only {@link HalException}s may come out, and quickly.
 */
class PartitionFuzzTest {
    private static final long SEED = 0x5EEDB10CL;
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("aegis.fuzz.seconds", 3));

    @Test
    void mutatedTablesGiveOnlyDocumentedExceptions() throws Exception {
        List<byte[]> seeds = List.of(Files.readAllBytes(Fixtures.image("gpt-3part.img")),
                Files.readAllBytes(Fixtures.image("mbr-ext-2log.img")));
        Random r = new Random(SEED);
        int[] counts = new int[3];
        long deadline = System.nanoTime() + BUDGET.toNanos();
        assertTimeoutPreemptively(BUDGET.plusSeconds(20), () -> {
            int n = 0;
            while (System.nanoTime() < deadline || n < 200) {
                byte[] seed = seeds.get(r.nextInt(seeds.size()));
                byte[] img = mutate(seed, r);
                int ss = r.nextInt(8) == 0 ? 4096 : 512;
                try {
                    var t = PartitionTables.read(SectorSource.of(img, ss));
                    counts[t.isPresent() ? 0 : 1]++;
                } catch (HalException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
                    counts[2]++;
                }
                n++;
            }
        });
        // the fuzzer must reach all three outcomes, or it is not exploring
        assertTrue(counts[0] > 0 && counts[1] > 0 && counts[2] > 0, Arrays.toString(counts));
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] img = seed.clone();
        int mutations = 1 + r.nextInt(6);
        List<int[]> hot = new ArrayList<>();
        hot.add(new int[] {0, 512});          // MBR
        hot.add(new int[] {512, 1024});       // primary GPT header / first EBR region
        hot.add(new int[] {1024, 1024 + 512}); // entries
        hot.add(new int[] {img.length - 512 * 33, img.length}); // backup array + header
        hot.add(new int[] {512 * 512, 512 * 513});   // first EBR of the MBR image
        hot.add(new int[] {1055 * 512, 1056 * 512}); // second EBR
        for (int m = 0; m < mutations; m++) {
            int[] h = hot.get(r.nextInt(hot.size()));
            int pos = h[0] + r.nextInt(h[1] - h[0]);
            if (pos >= img.length) {
                continue;
            }
            switch (r.nextInt(6)) {
                case 0 -> img[pos] ^= (byte) (1 << r.nextInt(8));
                case 1 -> img[pos] = (byte) r.nextInt(256);
                case 2 -> {
                    int len = Math.min(8, img.length - pos);
                    for (int i = 0; i < len; i++) {
                        img[pos + i] = (byte) (r.nextBoolean() ? 0xff : r.nextInt(256));
                    }
                }
                case 3 -> img = Arrays.copyOf(img, Math.max(0, r.nextInt(img.length + 1)));
                case 4 -> {
                    int len = 1 + r.nextInt(512);
                    byte[] bigger = new byte[img.length + len];
                    int at = Math.min(pos, img.length);
                    System.arraycopy(img, 0, bigger, 0, at);
                    System.arraycopy(img, at, bigger, at + len, img.length - at);
                    img = bigger;
                }
                default -> {
                    // a 32- or 64-bit field set to an extreme
                    long[] extremes = {0, 1, 0xffffffffL, 0x7fffffffL, -1L, Long.MIN_VALUE, img.length / 512};
                    long v = extremes[r.nextInt(extremes.length)];
                    int width = r.nextBoolean() ? 4 : 8;
                    for (int i = 0; i < width && pos + i < img.length; i++) {
                        img[pos + i] = (byte) (v >>> (8 * i));
                    }
                }
            }
        }
        if (r.nextBoolean() && img.length >= 4 * 512 && img.length % 512 == 0) {
            // best effort: a mutated header may point the CRC fixer outside the image
            try {
                CorruptTablesTest.fixCrcs(img, 1);
                CorruptTablesTest.fixCrcs(img, img.length / 512 - 1);
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                return img;
            }
        }
        return img;
    }
}
