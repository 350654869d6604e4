package aegis.hal.capability.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import aegis.hal.api.io.AtomicFiles;
import aegis.hal.capability.token.Ed25519;
import aegis.hal.capability.token.Hex;

/**
 * The signing keys: generated on first start, kept in a folder (one {@code <id>.pub} and one
 * {@code <id>.key} (mode 0600) per key, and {@code active} naming the key that signs), rotated on
 * demand. Older keys keep verifying the tokens they signed until they are retired. Without a folder
 * the keys live in memory only (tests, benchmarks).
 *
 * <p>Thread-safe: reads see an immutable snapshot; changes are serialised.
 */
public final class KeyRing {
    /** One key. */
    record Key(String id, byte[] raw, PublicKey publicKey, PrivateKey privateKey, Instant created) {
    }

    private record State(Map<String, Key> keys, String active) {
    }

    private final Path dir;
    private final SecureRandom random;
    private volatile State state;

    private KeyRing(Path dir, SecureRandom random, State state) {
        this.dir = dir;
        this.random = random;
        this.state = state;
    }

    /**
     * Opens the keys in a folder, generating the first key when there is none.
     *
     * @param dir    the folder, or {@code null} to keep keys in memory
     * @param random randomness for new keys
     * @param now    the time to record for a new key
     * @return the ring
     * @throws IOException if the folder cannot be read or the first key cannot be written
     */
    public static KeyRing open(Path dir, SecureRandom random, Instant now) throws IOException {
        Map<String, Key> keys = new LinkedHashMap<>();
        String active = null;
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.pub")) {
                for (Path pub : ds) {
                    Key k = readKey(pub);
                    keys.put(k.id(), k);
                }
            }
            Path act = dir.resolve("active");
            if (Files.exists(act)) {
                active = Files.readString(act, StandardCharsets.US_ASCII).trim();
            }
        }
        KeyRing ring = new KeyRing(dir, random, new State(Map.copyOf(keys), active));
        Key a = active == null ? null : keys.get(active);
        if (a == null || a.privateKey() == null) {
            ring.rotate(now);
        }
        return ring;
    }

    private static Key readKey(Path pub) throws IOException {
        String name = pub.getFileName().toString();
        String id = name.substring(0, name.length() - 4);
        String[] f = Files.readString(pub, StandardCharsets.US_ASCII).trim().split("\\s+");
        if (f.length != 3 || !f[0].equals("ed25519")) {
            throw new IOException("unreadable public key file " + pub);
        }
        byte[] raw;
        try {
            raw = Hex.parse(f[1]);
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable public key file " + pub + ": " + e.getMessage(), e);
        }
        if (!Hex.of(Ed25519.keyId(raw)).equals(id)) {
            throw new IOException("public key file " + pub + " does not hold key " + id);
        }
        PrivateKey priv = null;
        Path keyFile = pub.resolveSibling(id + ".key");
        if (Files.exists(keyFile)) {
            byte[] seed = Hex.parse(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
            if (!java.util.Arrays.equals(Ed25519.publicKeyOf(seed), raw)) {
                throw new IOException("private key file " + keyFile + " does not match " + pub);
            }
            priv = Ed25519.privateKey(seed);
        }
        return new Key(id, raw, Ed25519.publicKey(raw), priv, Instant.ofEpochMilli(Long.parseLong(f[2])));
    }

    /** @return the id of the key that signs new tokens */
    public String activeId() {
        return state.active();
    }

    /**
     * @param id a key id
     * @return the key, if known
     */
    Optional<Key> key(String id) {
        return Optional.ofNullable(state.keys().get(id));
    }

    /** @return every key, active first, then newest first */
    List<Key> keys() {
        State s = state;
        List<Key> list = new ArrayList<>(s.keys().values());
        list.sort(Comparator.comparing((Key k) -> !k.id().equals(s.active())).thenComparing(Key::created,
                Comparator.reverseOrder()));
        return list;
    }

    /**
     * @param message bytes to sign
     * @return the signature by the active key
     */
    byte[] sign(byte[] message) {
        State s = state;
        return Ed25519.sign(s.keys().get(s.active()).privateKey(), message);
    }

    /**
     * Generates a key, stores it and makes it active.
     *
     * @param now its creation time
     * @return the new key
     * @throws IOException if it cannot be stored; then nothing changes
     */
    synchronized Key rotate(Instant now) throws IOException {
        KeyPair kp = Ed25519.generate(random);
        byte[] raw = Ed25519.raw(kp.getPublic());
        String id = Hex.of(Ed25519.keyId(raw));
        Key k = new Key(id, raw, kp.getPublic(), kp.getPrivate(), now);
        if (dir != null) {
            AtomicFiles.write(dir.resolve(id + ".key"), Hex.of(Ed25519.seed(kp.getPrivate())).concat("\n")
                    .getBytes(StandardCharsets.US_ASCII), true);
            AtomicFiles.write(dir.resolve(id + ".pub"), ("ed25519 " + Hex.of(raw) + " " + now.toEpochMilli() + "\n")
                    .getBytes(StandardCharsets.US_ASCII), false);
            AtomicFiles.write(dir.resolve("active"), (id + "\n").getBytes(StandardCharsets.US_ASCII), false);
        }
        Map<String, Key> keys = new LinkedHashMap<>(state.keys());
        keys.put(id, k);
        state = new State(Map.copyOf(keys), id);
        return k;
    }

    /**
     * Deletes a key that is not active.
     *
     * @param id the key id
     * @return whether it existed
     * @throws IOException if its files cannot be deleted
     * @throws IllegalStateException if it is the active key
     */
    synchronized boolean retire(String id) throws IOException {
        State s = state;
        if (!s.keys().containsKey(id)) {
            return false;
        }
        if (id.equals(s.active())) {
            throw new IllegalStateException("key " + id + " is active");
        }
        Map<String, Key> keys = new LinkedHashMap<>(s.keys());
        keys.remove(id);
        state = new State(Map.copyOf(keys), s.active());
        if (dir != null) {
            Files.deleteIfExists(dir.resolve(id + ".key"));
            Files.deleteIfExists(dir.resolve(id + ".pub"));
        }
        return true;
    }
}
