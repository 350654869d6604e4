package aegis.hal.capability.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** RFC 8032 section 7.1 known-answer tests against the JDK's Ed25519. */
class Ed25519Test {

    record Vector(String name, byte[] secret, byte[] publicKey, byte[] message, byte[] signature) {
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = Ed25519Test.class.getResourceAsStream("/rfc8032/ed25519-7.1.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            Map<String, String> cur = null;
            String name = null;
            for (String line : (text + "\n").split("\n", -1)) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("TEST ")) {
                    name = line;
                    cur = new LinkedHashMap<>();
                } else if (line.isBlank()) {
                    if (cur != null && cur.size() == 4) {
                        out.add(new Vector(name, Hex.parse(cur.get("SECRET KEY")), Hex.parse(cur.get("PUBLIC KEY")),
                                Hex.parse(cur.get("MESSAGE")), Hex.parse(cur.get("SIGNATURE"))));
                    }
                    cur = null;
                } else if (cur != null) {
                    int colon = line.indexOf(':');
                    cur.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
        }
        return out;
    }

    @Test
    void allFiveVectorsAreRead() throws IOException {
        List<Vector> v = vectors();
        assertEquals(List.of("TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"), v.stream().map(Vector::name).toList());
        assertEquals(1023, v.get(3).message().length);
    }

    @TestFactory
    List<DynamicTest> knownAnswers() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Vector v : vectors()) {
            tests.add(DynamicTest.dynamicTest(v.name(), () -> {
                assertArrayEquals(v.publicKey(), Ed25519.publicKeyOf(v.secret()), "public key");
                byte[] sig = Ed25519.sign(Ed25519.privateKey(v.secret()), v.message());
                assertArrayEquals(v.signature(), sig, "signature");
                PublicKey pub = Ed25519.publicKey(v.publicKey());
                assertArrayEquals(v.publicKey(), Ed25519.raw(pub), "raw public key round trip");
                assertTrue(Ed25519.verify(pub, v.message(), v.signature()), "verifies");
                for (int i = 0; i < 64; i += 7) {
                    byte[] bad = v.signature().clone();
                    bad[i] ^= 0x01;
                    assertFalse(Ed25519.verify(pub, v.message(), bad), "flipped signature byte " + i);
                }
                if (v.message().length > 0) {
                    byte[] m = v.message().clone();
                    m[m.length - 1] ^= (byte) 0x80;
                    assertFalse(Ed25519.verify(pub, m, v.signature()), "changed message");
                }
            }));
        }
        return tests;
    }

    @Test
    void seedRoundTripAndKeyIds() {
        var kp = Ed25519.generate(new SecureRandom());
        byte[] seed = Ed25519.seed(kp.getPrivate());
        byte[] raw = Ed25519.raw(kp.getPublic());
        assertArrayEquals(raw, Ed25519.publicKeyOf(seed));
        assertEquals(8, Ed25519.keyId(raw).length);
        assertFalse(Ed25519.verify(kp.getPublic(), new byte[] {1}, new byte[63]), "short signature is false, not an exception");
    }
}
