package aegis.hal.capability.token;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import aegis.hal.capability.api.Permission;

/**
 * A deterministic mutation fuzzer over real signed tokens: bit flips, byte overwrites, truncations,
 * insertions, deletions, random lengths. Only {@link TokenFormatException} may come out, nothing
 * hangs, and any mutant that still decodes must fail signature verification. Bounded to a few
 * seconds (set {@code -Dfuzz.seconds=N} for a longer run).
 */
class TokenDecoderFuzzTest {

    static List<byte[]> samples() {
        List<byte[]> out = new ArrayList<>();
        TokenBody b = TokenCodecTest.body();
        out.add(TokenCodecTest.signed(b));
        out.add(TokenCodecTest.signed(new TokenBody("ffffffffffffffffffffffffffffffff", "0123456789abcdef0123456789abcdef", 3,
                "c0", "a.b-c_d", Permission.ALL, Long.MIN_VALUE, Long.MAX_VALUE, b.keyId(), "/dev/**")));
        out.add(TokenCodecTest.signed(new TokenBody("00000000000000000000000000000001", "", 0, "x", "y", 1, 0, 1,
                b.keyId(), "/dev/" + "a".repeat(250))));
        return out;
    }

    @Test
    void mutantsAreRejectedOrFailVerification() {
        long seconds = Long.getLong("fuzz.seconds", 3);
        assertTimeoutPreemptively(Duration.ofSeconds(seconds + 20), () -> {
            Random rnd = new Random(0x5eed_cafeL);
            List<byte[]> samples = samples();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int runs = 0;
            int decodedMutants = 0;
            while (System.nanoTime() < end || runs < 2000) {
                byte[] orig = samples.get(rnd.nextInt(samples.size()));
                byte[] m = mutate(orig, rnd);
                runs++;
                try {
                    TokenCodec.Decoded d = TokenCodec.decode(m);
                    if (!Arrays.equals(m, orig)) {
                        decodedMutants++;
                        assertTrue(!Ed25519.verify(TokenCodecTest.KEY.getPublic(), d.bytes(), d.signedLength(),
                                d.signedLength()), "a mutant verified: " + Hex.of(m));
                    }
                } catch (TokenFormatException expected) {
                    assertTrue(expected.offset() >= 0 && expected.offset() <= m.length + 64, expected.getMessage());
                }
                String text = TokenCodec.toText(m);
                String tm = mutateText(text, rnd);
                try {
                    TokenCodec.decode(TokenCodec.fromText(tm));
                } catch (TokenFormatException expected) {
                    // fine
                }
            }
            assertTrue(runs >= 2000, "ran " + runs);
            assertTrue(decodedMutants > 0, "the fuzzer reached past the structure checks");
        });
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int ops = 1 + rnd.nextInt(3);
        for (int i = 0; i < ops; i++) {
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    if (b.length > 0) {
                        int at = rnd.nextInt(b.length);
                        b[at] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 3 -> {
                    int at = rnd.nextInt(b.length + 1);
                    byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                }
                case 4 -> {
                    if (b.length > 0) {
                        int at = rnd.nextInt(b.length);
                        byte[] n = new byte[b.length - 1];
                        System.arraycopy(b, 0, n, 0, at);
                        System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                        b = n;
                    }
                }
                default -> {
                    byte[] n = new byte[rnd.nextInt(400)];
                    rnd.nextBytes(n);
                    if (rnd.nextBoolean() && n.length > 2) {
                        n[0] = (byte) 0xAE;
                        n[1] = 1;
                    }
                    b = n;
                }
            }
        }
        return b;
    }

    static String mutateText(String s, Random rnd) {
        StringBuilder sb = new StringBuilder(s);
        switch (rnd.nextInt(4)) {
            case 0 -> {
                if (sb.length() > 0) {
                    sb.setCharAt(rnd.nextInt(sb.length()), (char) rnd.nextInt(128));
                }
            }
            case 1 -> sb.setLength(rnd.nextInt(sb.length() + 1));
            case 2 -> sb.insert(rnd.nextInt(sb.length() + 1), (char) (32 + rnd.nextInt(95)));
            default -> sb.append("=");
        }
        return sb.toString();
    }
}
