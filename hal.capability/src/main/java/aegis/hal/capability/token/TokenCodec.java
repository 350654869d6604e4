package aegis.hal.capability.token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;

/**
 * The one encoding of capability tokens, version 1. Plain Java over bytes: no I/O, no keys.
 *
 * <pre>
 * offset size  field
 *  0      1    magic 0xAE
 *  1      1    version 0x01
 *  2     16    token id
 * 18     16    parent id (all zero for a root token)
 * 34      1    depth (0 for a root token, at most 15)
 * 35      2    permission bits, big-endian (bit n = Permission ordinal n)
 * 37      8    not-before, epoch seconds, big-endian signed
 * 45      8    expiry, epoch seconds, big-endian signed, greater than not-before
 * 53      8    key id
 * 61      1+n  container id (length byte, ASCII)
 *  .      1+n  app id (length byte, ASCII)
 *  .      1+n  devfs pattern (length byte, ASCII)
 *  .     64    Ed25519 signature over every byte before it
 * </pre>
 *
 * There is no algorithm field: a version-1 token is always Ed25519. Nothing may follow the
 * signature. The text form is the bytes as base64url without padding, and only the canonical
 * text of some bytes is accepted. Stateless and thread-safe.
 */
public final class TokenCodec {
    /** First byte of every token. */
    public static final int MAGIC = 0xAE;
    /** The only version this codec reads and writes. */
    public static final int VERSION = 1;
    /** The largest depth the format can carry. */
    public static final int MAX_DEPTH = 15;
    /** Length of an encoded token id. */
    public static final int ID_LENGTH = 16;
    /** Length of an encoded key id. */
    public static final int KEY_ID_LENGTH = 8;
    /** Longest text form accepted, in characters. */
    public static final int MAX_TEXT = 1024;

    private static final int OFF_ID = 2;
    private static final int OFF_PARENT = 18;
    private static final int OFF_DEPTH = 34;
    private static final int OFF_PERMS = 35;
    private static final int OFF_NBF = 37;
    private static final int OFF_EXP = 45;
    private static final int OFF_KEY = 53;
    private static final int OFF_STRINGS = 61;

    /**
     * A decoded token: its fields and its bytes, with the signature at {@code signedLength}.
     *
     * @param body         the fields
     * @param bytes        the whole encoded token
     * @param signedLength the number of signed bytes (the signature starts here)
     */
    public record Decoded(TokenBody body, byte[] bytes, int signedLength) {
        /** @return a copy of the 64-byte signature */
        public byte[] signature() {
            return Arrays.copyOfRange(bytes, signedLength, signedLength + Ed25519.SIGNATURE_LENGTH);
        }
    }

    private TokenCodec() {
    }

    /**
     * Encodes the signed part of a token.
     *
     * @param body the fields
     * @return the bytes to sign
     * @throws IllegalArgumentException if a field is out of range (a programming error: callers
     *                                  validate input first)
     */
    public static byte[] encodeBody(TokenBody body) {
        String why = problem(body);
        if (why != null) {
            throw new IllegalArgumentException("cannot encode token: " + why);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.write(MAGIC);
        out.write(VERSION);
        out.writeBytes(Hex.parse(body.id()));
        out.writeBytes(body.parent().isEmpty() ? new byte[ID_LENGTH] : Hex.parse(body.parent()));
        out.write(body.depth());
        out.write(body.permissions() >>> 8);
        out.write(body.permissions());
        writeLong(out, body.notBefore());
        writeLong(out, body.expiry());
        out.writeBytes(Hex.parse(body.keyId()));
        writeString(out, body.container());
        writeString(out, body.app());
        writeString(out, body.devices());
        return out.toByteArray();
    }

    /**
     * @param signedPart the bytes from {@link #encodeBody}
     * @param signature  the 64-byte signature over them
     * @return the whole token
     */
    public static byte[] assemble(byte[] signedPart, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be 64 bytes");
        }
        byte[] all = Arrays.copyOf(signedPart, signedPart.length + signature.length);
        System.arraycopy(signature, 0, all, signedPart.length, signature.length);
        return all;
    }

    /**
     * @param bytes a whole token
     * @return its text form
     */
    public static String toText(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param text the text form of a token
     * @return its bytes
     * @throws TokenFormatException if it is not canonical base64url without padding
     */
    public static byte[] fromText(String text) throws TokenFormatException {
        if (text == null || text.isEmpty()) {
            throw new TokenFormatException(0, "empty token text");
        }
        if (text.length() > MAX_TEXT) {
            throw new TokenFormatException(0, "token text longer than " + MAX_TEXT + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new TokenFormatException(i * 3 / 4, "character " + i + " of the text is not base64url");
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException(text.length() * 3 / 4, "token text has an impossible length " + text.length());
        }
        if (!toText(bytes).equals(text)) {
            throw new TokenFormatException(bytes.length, "token text is not canonical base64url (stray low bits)");
        }
        return bytes;
    }

    /**
     * Decodes a whole token. Checks the structure and every field; does not verify the signature.
     *
     * @param bytes the token
     * @return the decoded token
     * @throws TokenFormatException naming the byte offset of the first problem
     */
    public static Decoded decode(byte[] bytes) throws TokenFormatException {
        if (bytes == null) {
            throw new TokenFormatException(0, "no bytes");
        }
        need(bytes, 0, OFF_STRINGS, "header");
        if ((bytes[0] & 0xff) != MAGIC) {
            throw new TokenFormatException(0, "bad magic 0x" + Integer.toHexString(bytes[0] & 0xff));
        }
        if (bytes[1] != VERSION) {
            throw new TokenFormatException(1, "unsupported version " + (bytes[1] & 0xff));
        }
        byte[] id = Arrays.copyOfRange(bytes, OFF_ID, OFF_ID + ID_LENGTH);
        byte[] parent = Arrays.copyOfRange(bytes, OFF_PARENT, OFF_PARENT + ID_LENGTH);
        boolean root = isZero(parent);
        if (isZero(id)) {
            throw new TokenFormatException(OFF_ID, "token id is zero");
        }
        int depth = bytes[OFF_DEPTH] & 0xff;
        if (depth > MAX_DEPTH) {
            throw new TokenFormatException(OFF_DEPTH, "depth " + depth + " over " + MAX_DEPTH);
        }
        if (root != (depth == 0)) {
            throw new TokenFormatException(OFF_DEPTH, root ? "root token with depth " + depth : "derived token with depth 0");
        }
        int perms = (bytes[OFF_PERMS] & 0xff) << 8 | bytes[OFF_PERMS + 1] & 0xff;
        if (perms == 0) {
            throw new TokenFormatException(OFF_PERMS, "no permission");
        }
        if ((perms & ~Permission.ALL) != 0) {
            throw new TokenFormatException(OFF_PERMS, "unknown permission bits 0x" + Integer.toHexString(perms & ~Permission.ALL));
        }
        long nbf = readLong(bytes, OFF_NBF);
        long exp = readLong(bytes, OFF_EXP);
        if (exp <= nbf) {
            throw new TokenFormatException(OFF_EXP, "expiry " + exp + " not after not-before " + nbf);
        }
        byte[] key = Arrays.copyOfRange(bytes, OFF_KEY, OFF_KEY + KEY_ID_LENGTH);
        int[] pos = {OFF_STRINGS};
        String container = readString(bytes, pos, "container id");
        if (!Principal.isValidId(container)) {
            throw new TokenFormatException(OFF_STRINGS + 1, "invalid container id");
        }
        int appAt = pos[0];
        String app = readString(bytes, pos, "app id");
        if (!Principal.isValidId(app)) {
            throw new TokenFormatException(appAt + 1, "invalid app id");
        }
        int devAt = pos[0];
        String devices = readString(bytes, pos, "device pattern");
        String why = DevicePattern.problem(devices);
        if (why != null) {
            throw new TokenFormatException(devAt + 1, "invalid device pattern: " + why);
        }
        int signed = pos[0];
        need(bytes, signed, Ed25519.SIGNATURE_LENGTH, "signature");
        if (bytes.length != signed + Ed25519.SIGNATURE_LENGTH) {
            throw new TokenFormatException(signed + Ed25519.SIGNATURE_LENGTH,
                    (bytes.length - signed - Ed25519.SIGNATURE_LENGTH) + " trailing bytes after the signature");
        }
        TokenBody body = new TokenBody(Hex.of(id), root ? "" : Hex.of(parent), depth, container, app, perms, nbf, exp,
                Hex.of(key), devices);
        return new Decoded(body, bytes.clone(), signed);
    }

    /**
     * @param body fields
     * @return why they cannot be encoded, or {@code null}
     */
    public static String problem(TokenBody body) {
        if (body.id().length() != 2 * ID_LENGTH || !Hex.isLowerHex(body.id()) || body.id().chars().allMatch(c -> c == '0')) {
            return "bad id " + body.id();
        }
        if (!body.parent().isEmpty() && (body.parent().length() != 2 * ID_LENGTH || !Hex.isLowerHex(body.parent())
                || body.parent().chars().allMatch(c -> c == '0'))) {
            return "bad parent " + body.parent();
        }
        if (body.depth() < 0 || body.depth() > MAX_DEPTH || body.parent().isEmpty() != (body.depth() == 0)) {
            return "bad depth " + body.depth();
        }
        if (body.permissions() == 0 || (body.permissions() & ~Permission.ALL) != 0) {
            return "bad permissions 0x" + Integer.toHexString(body.permissions());
        }
        if (body.expiry() <= body.notBefore()) {
            return "expiry not after not-before";
        }
        if (body.keyId().length() != 2 * KEY_ID_LENGTH || !Hex.isLowerHex(body.keyId())) {
            return "bad key id " + body.keyId();
        }
        if (!Principal.isValidId(body.container()) || !Principal.isValidId(body.app())) {
            return "bad principal " + body.container() + "/" + body.app();
        }
        String why = DevicePattern.problem(body.devices());
        return why == null ? null : "bad device pattern: " + why;
    }

    private static void need(byte[] b, int at, int n, String what) throws TokenFormatException {
        if (b.length - at < n) {
            throw new TokenFormatException(b.length, "truncated " + what + ": needs " + n + " bytes at " + at + ", has "
                    + Math.max(0, b.length - at));
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | b[at + i] & 0xff;
        }
        return v;
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private static String readString(byte[] b, int[] pos, String what) throws TokenFormatException {
        need(b, pos[0], 1, what + " length");
        int len = b[pos[0]] & 0xff;
        if (len == 0) {
            throw new TokenFormatException(pos[0], "empty " + what);
        }
        need(b, pos[0] + 1, len, what);
        for (int i = 0; i < len; i++) {
            int c = b[pos[0] + 1 + i] & 0xff;
            if (c < 0x21 || c > 0x7e) {
                throw new TokenFormatException(pos[0] + 1 + i, "non-printable byte 0x" + Integer.toHexString(c) + " in " + what);
            }
        }
        String s = new String(b, pos[0] + 1, len, StandardCharsets.US_ASCII);
        pos[0] += 1 + len;
        return s;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b.length);
        out.writeBytes(b);
    }
}
