package aegis.hal.capability.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.capability.api.Permission;

class TokenCodecTest {
    static final KeyPair KEY = Ed25519.generate(new SecureRandom());
    static final String KID = Hex.of(Ed25519.keyId(Ed25519.raw(KEY.getPublic())));

    static TokenBody body() {
        return new TokenBody("0123456789abcdef0123456789abcdef", "", 0, "media", "player",
                Permission.mask(Permission.READ, Permission.PLAYBACK), 1_764_000_000L, 1_764_086_400L, KID, "/dev/audio/*");
    }

    static byte[] signed(TokenBody b) {
        byte[] body = TokenCodec.encodeBody(b);
        return TokenCodec.assemble(body, Ed25519.sign(KEY.getPrivate(), body));
    }

    @Test
    void roundTripsThroughText() throws Exception {
        byte[] bytes = signed(body());
        String text = TokenCodec.toText(bytes);
        assertTrue(text.matches("[A-Za-z0-9_-]+"), text);
        assertArrayEquals(bytes, TokenCodec.fromText(text));
        TokenCodec.Decoded d = TokenCodec.decode(bytes);
        assertEquals(body(), d.body());
        assertEquals(bytes.length - 64, d.signedLength());
        assertTrue(Ed25519.verify(KEY.getPublic(), d.bytes(), d.signedLength(), d.signedLength()));
    }

    @Test
    void layoutIsAsDocumented() {
        byte[] b = signed(body());
        assertEquals(0xAE, b[0] & 0xff);
        assertEquals(1, b[1]);
        assertEquals(0, b[34], "depth");
        assertEquals(Permission.mask(Permission.READ, Permission.PLAYBACK), (b[35] & 0xff) << 8 | b[36] & 0xff);
        assertEquals(5, b[61], "container length");
        // 61 + (1+5) + (1+6) + (1+12) + 64
        assertEquals(61 + 6 + 7 + 13 + 64, b.length);
    }

    private static TokenFormatException bad(byte[] b) {
        return assertThrows(TokenFormatException.class, () -> TokenCodec.decode(b));
    }

    @Test
    void errorsNameTheOffset() {
        byte[] good = signed(body());
        byte[] b = good.clone();
        b[0] = 0x00;
        assertEquals(0, bad(b).offset());
        b = good.clone();
        b[1] = 2;
        assertEquals(1, bad(b).offset());
        b = good.clone();
        b[35] = (byte) 0xff;
        TokenFormatException e = bad(b);
        assertEquals(35, e.offset());
        assertEquals(ErrorCode.BAD_FORMAT, e.code());
        assertTrue(e.getMessage().contains("byte 35"), e.getMessage());
        b = good.clone();
        b[34] = 1; // root with depth 1
        assertEquals(34, bad(b).offset());
        b = java.util.Arrays.copyOf(good, good.length + 1);
        assertTrue(bad(b).getMessage().contains("trailing"));
        b = java.util.Arrays.copyOf(good, good.length - 1);
        assertTrue(bad(b).getMessage().contains("truncated"));
        b = good.clone();
        b[62] = (byte) 'M'; // upper case in the container id
        assertEquals(62, bad(b).offset());
        assertThrows(TokenFormatException.class, () -> TokenCodec.decode(new byte[0]));
        assertThrows(TokenFormatException.class, () -> TokenCodec.decode(null));
    }

    @Test
    void textMustBeCanonicalBase64url() throws Exception {
        String text = TokenCodec.toText(signed(body()));
        assertThrows(TokenFormatException.class, () -> TokenCodec.fromText(text + "="));
        assertThrows(TokenFormatException.class, () -> TokenCodec.fromText(text.replace('-', '+').replace('_', '/') + "+"));
        assertThrows(TokenFormatException.class, () -> TokenCodec.fromText(" " + text));
        assertThrows(TokenFormatException.class, () -> TokenCodec.fromText(""));
        assertThrows(TokenFormatException.class, () -> TokenCodec.fromText("A"));
        // the last character carries stray low bits when changed within its group
        char last = text.charAt(text.length() - 1);
        String alt = text.substring(0, text.length() - 1) + (char) (last ^ 1);
        if (!alt.equals(text)) {
            try {
                byte[] decoded = TokenCodec.fromText(alt);
                assertTrue(!java.util.Arrays.equals(decoded, TokenCodec.fromText(text)));
            } catch (TokenFormatException expected) {
                // fine: non-canonical
            }
        }
    }

    @Test
    void refusesToEncodeInvalidBodies() {
        TokenBody b = body();
        assertThrows(IllegalArgumentException.class, () -> TokenCodec.encodeBody(new TokenBody(b.id(), "", 0, "Media",
                b.app(), b.permissions(), b.notBefore(), b.expiry(), b.keyId(), b.devices())));
        assertThrows(IllegalArgumentException.class, () -> TokenCodec.encodeBody(new TokenBody(b.id(), "", 0, b.container(),
                b.app(), 0, b.notBefore(), b.expiry(), b.keyId(), b.devices())));
        assertThrows(IllegalArgumentException.class, () -> TokenCodec.encodeBody(new TokenBody(b.id(), "", 0, b.container(),
                b.app(), 1, b.expiry(), b.expiry(), b.keyId(), b.devices())));
    }
}
