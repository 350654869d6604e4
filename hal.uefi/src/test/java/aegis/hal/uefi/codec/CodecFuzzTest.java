package aegis.hal.uefi.codec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import aegis.hal.uefi.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutation fuzzing of the parsers over real samples (the qemu-q35 variables and a
 * signature list): bit flips, byte overwrites, truncations, insertions, length-field corruption.
 * Only {@link EfiFormatException} may come out, and every call must finish.
 */
class CodecFuzzTest {
    private static final int ROUNDS = 20_000;

    /** A parser under test. */
    private interface Parser {
        void parse(byte[] b) throws EfiFormatException;
    }

    @Test
    void loadOptionParserSurvivesMutations() throws Exception {
        fuzz(1, samples("Boot0000", "Boot0001", "PlatformRecovery0000"), LoadOptions::decode);
    }

    @Test
    void devicePathParserSurvivesMutations() throws Exception {
        fuzz(2, samples("ConIn", "ConOut", "ErrOut", "ConInDev", "ConOutDev", "ErrOutDev"), DevicePaths::decode);
    }

    @Test
    void signatureListParserSurvivesMutations() throws Exception {
        byte[] sha = Fixtures.b().guid("c1c41626-504c-4092-aca9-41f936934328").u32(28 + 48).u32(0).u32(48)
                .guid("11111111-2222-3333-4444-555555555555").raw(new byte[32]).bytes();
        byte[] x509 = Fixtures.b().guid("a5c059a1-94e4-4aa7-87b5-ab155c2bf072").u32(28 + 16 + 40).u32(0).u32(16 + 40)
                .guid("11111111-2222-3333-4444-555555555555").u8(0x30, 0x26).raw(new byte[38]).bytes();
        fuzz(3, List.of(sha, x509, Fixtures.cat(sha, x509)), SignatureLists::decode);
    }

    @Test
    void textParserSurvivesMutations() {
        String base = "PciRoot(0x0)/Pci(0x1f,0x2)/HD(1,GPT,0f3a5c71-2b9d-4c6e-8a14-7e5d3c2b1a09,0x800,0x8000)/File(\\EFI\\x.efi)";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Random r = new Random(4);
            for (int i = 0; i < ROUNDS; i++) {
                StringBuilder sb = new StringBuilder(base);
                for (int k = 1 + r.nextInt(4); k > 0 && sb.length() > 0; k--) {
                    int p = r.nextInt(sb.length());
                    switch (r.nextInt(3)) {
                        case 0 -> sb.deleteCharAt(p);
                        case 1 -> sb.insert(p, "(/),0x9GPTMBR\0".charAt(r.nextInt(14)));
                        default -> sb.setCharAt(p, (char) r.nextInt(0x3000));
                    }
                }
                try {
                    byte[] b = DevicePathText.parse(sb.toString());
                    DevicePaths.decode(b);
                } catch (EfiFormatException expected) {
                    // documented
                }
            }
        });
    }

    private static List<byte[]> samples(String... names) throws Exception {
        List<byte[]> l = new ArrayList<>();
        for (String n : names) {
            l.add(Fixtures.variableData(n));
        }
        return l;
    }

    private static void fuzz(long seed, List<byte[]> samples, Parser parser) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random r = new Random(seed);
            for (int i = 0; i < ROUNDS; i++) {
                byte[] b = mutate(r, samples.get(r.nextInt(samples.size())));
                try {
                    parser.parse(b);
                } catch (EfiFormatException expected) {
                    // the one documented failure
                } catch (RuntimeException e) {
                    fail("round " + i + " input " + Arrays.toString(b), e);
                }
            }
        });
    }

    static byte[] mutate(Random r, byte[] in) {
        byte[] b = in.clone();
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
            if (b.length == 0) {
                return new byte[] {(byte) r.nextInt()};
            }
            int p = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[p] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[p] = (byte) r.nextInt();
                case 2 -> b = Arrays.copyOf(b, p);
                case 3 -> {
                    byte[] n = new byte[b.length + 1 + r.nextInt(8)];
                    System.arraycopy(b, 0, n, 0, p);
                    System.arraycopy(b, p, n, n.length - (b.length - p), b.length - p);
                    for (int i = p; i < n.length - (b.length - p); i++) {
                        n[i] = (byte) r.nextInt();
                    }
                    b = n;
                }
                case 4 -> {
                    // a plausible length field: small values, 0..4 and past the end
                    if (p + 1 < b.length) {
                        int v = r.nextBoolean() ? r.nextInt(6) : b.length + r.nextInt(64) - 32;
                        b[p] = (byte) v;
                        b[p + 1] = (byte) (v >> 8);
                    }
                }
                default -> b = Arrays.copyOf(b, r.nextInt(b.length + 40));
            }
        }
        return b;
    }
}
