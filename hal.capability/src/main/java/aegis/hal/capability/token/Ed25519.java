package aegis.hal.capability.token;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032, pure, no context) over raw 32-byte keys, using the JDK's EdDSA provider. No
 * I/O. Stateless and thread-safe (each call uses its own {@link Signature}).
 */
public final class Ed25519 {
    /** Length of a raw public key and of a private key seed. */
    public static final int KEY_LENGTH = 32;
    /** Length of a signature. */
    public static final int SIGNATURE_LENGTH = 64;

    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), followed by the raw key. */
    private static final byte[] X509_PREFIX = Hex.parse("302a300506032b6570032100");

    private Ed25519() {
    }

    /**
     * @param random the source of randomness
     * @return a new key pair
     */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519", e);
        }
    }

    /**
     * @param seed a 32-byte private key seed (the "secret key" of RFC 8032)
     * @return the private key
     * @throws IllegalArgumentException if the seed is not 32 bytes
     */
    public static PrivateKey privateKey(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, is " + seed.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no Ed25519", e);
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("bad Ed25519 seed", e);
        }
    }

    /**
     * @param key an Ed25519 private key
     * @return its 32-byte seed
     */
    public static byte[] seed(PrivateKey key) {
        return ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new IllegalArgumentException("key has no seed"));
    }

    /**
     * @param raw a 32-byte encoded public key
     * @return the public key
     * @throws IllegalArgumentException if it is not 32 bytes or not a valid encoding
     */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, is " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, KEY_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no Ed25519", e);
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new IllegalArgumentException("bad Ed25519 public key", e);
        }
    }

    /**
     * @param key an Ed25519 public key
     * @return its raw 32-byte encoding
     */
    public static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - KEY_LENGTH, der.length);
    }

    /**
     * @param seed a private key seed
     * @return the raw public key that belongs to it
     */
    public static byte[] publicKeyOf(byte[] seed) {
        // The JDK derives the public key only while generating; sign a fixed message with a key pair
        // generator seeded to return exactly this seed.
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
            }
        };
        return raw(generate(fixed).getPublic());
    }

    /**
     * @param key     the private key
     * @param message the message
     * @return the 64-byte signature
     */
    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * @param key       the public key
     * @param message   the message: bytes {@code [0, length)} of {@code buffer}
     * @param buffer    the buffer holding message and signature
     * @param length    the message length
     * @param sigOffset where the 64-byte signature starts in {@code buffer}
     * @return whether the signature verifies; never throws for a bad signature
     */
    public static boolean verify(PublicKey key, byte[] buffer, int length, int sigOffset) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(buffer, 0, length);
            return s.verify(buffer, sigOffset, SIGNATURE_LENGTH);
        } catch (SignatureException | InvalidKeyException | IllegalArgumentException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no Ed25519", e);
        }
    }

    /**
     * @param key       the public key
     * @param message   the message
     * @param signature the signature
     * @return whether it verifies; never throws for a bad signature
     */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        byte[] all = Arrays.copyOf(message, message.length + SIGNATURE_LENGTH);
        System.arraycopy(signature, 0, all, message.length, SIGNATURE_LENGTH);
        return verify(key, all, message.length, message.length);
    }

    /**
     * @param raw a raw public key
     * @return its key id: the first 8 bytes of SHA-256 of the raw key
     */
    public static byte[] keyId(byte[] raw) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(raw), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
    }
}
