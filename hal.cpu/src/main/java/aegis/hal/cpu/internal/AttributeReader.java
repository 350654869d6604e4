package aegis.hal.cpu.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import aegis.hal.api.host.HostRoot;

/**
 * Reads many small attributes below one host directory (such as {@code /sys/devices/system/cpu})
 * with the same meaning as {@link HostRoot#readOptional(String)}: one trailing newline stripped,
 * empty or unreadable files absent. The directory is mapped through {@link HostRoot#resolve(String)}
 * and, where the platform offers it, held open so that each attribute costs one
 * {@code openat}/{@code read}/{@code close} relative to it, instead of a walk of the whole path and
 * a read to EOF: enumerating CPUs reads about a hundred such files, and on a VM each syscall counts.
 * Elsewhere it falls back to the host root's own methods. Not thread-safe: one per reading thread
 * ({@link #view()} gives another thread its own).
 */
final class AttributeReader implements Closeable {
    private static final Set<StandardOpenOption> READ = EnumSet.of(StandardOpenOption.READ);
    private static final int MAX = 1 << 20;

    private final HostRoot host;
    private final String base;
    private final SecureDirectoryStream<Path> dir;
    private List<String> names;
    private ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    private final byte[] bytes = new byte[4096];

    private final boolean owner;

    private AttributeReader(HostRoot host, String base, SecureDirectoryStream<Path> dir, List<String> names) {
        this(host, base, dir, names, true);
    }

    private AttributeReader(HostRoot host, String base, SecureDirectoryStream<Path> dir, List<String> names,
            boolean owner) {
        this.host = host;
        this.base = base;
        this.dir = dir;
        this.names = names;
        this.owner = owner;
    }

    /**
     * Opens a directory of the host.
     *
     * @param host the host root
     * @param base an absolute host path of a directory
     * @return the reader; a missing directory gives a reader that finds nothing
     * @throws IOException if the directory exists but cannot be opened
     */
    static AttributeReader open(HostRoot host, String base) throws IOException {
        Path p = host.resolve(base);
        if (!Files.isDirectory(p)) {
            return new AttributeReader(host, base, null, List.of());
        }
        DirectoryStream<Path> ds = Files.newDirectoryStream(p);
        if (ds instanceof SecureDirectoryStream<Path> sds) {
            return new AttributeReader(host, base, sds, null);
        }
        ds.close();
        return new AttributeReader(host, base, null, null);
    }

    /**
     * @return a reader of the same open directory with its own buffers, for another thread; closing
     *         it does nothing (the directory is closed with this reader)
     */
    AttributeReader view() {
        return new AttributeReader(host, base, dir, names, false);
    }

    /**
     * Lists the directory (once; the listing is kept).
     *
     * @return the directory's entries, sorted
     * @throws IOException if the directory cannot be listed
     */
    List<String> names() throws IOException {
        if (names == null) {
            names = host.list(base);
        }
        return names;
    }

    /** @return the host path of the directory */
    String base() {
        return base;
    }

    /**
     * @param rel a path relative to the directory, without {@code .} or {@code ..} segments
     * @return the attribute without one trailing newline, or empty if absent, unreadable or empty
     */
    Optional<String> read(String rel) {
        if (dir == null) {
            return host.readOptional(base + "/" + rel);
        }
        try (SeekableByteChannel ch = dir.newByteChannel(Path.of(rel), READ)) {
            buf.clear();
            while (true) {
                int n = ch.read(buf);
                if (n < 0 || buf.hasRemaining()) {
                    // EOF, or a short read: sysfs returns a whole attribute in one read, and a
                    // regular file reads short only at its end
                    break;
                }
                if (buf.capacity() >= MAX) {
                    return Optional.empty();
                }
                ByteBuffer bigger = ByteBuffer.allocateDirect(buf.capacity() * 4);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
            int len = buf.position();
            if (len > 0 && buf.get(len - 1) == '\n') {
                len--;
            }
            if (len == 0) {
                return Optional.empty();
            }
            byte[] b = len <= bytes.length ? bytes : new byte[len];
            buf.get(0, b, 0, len);
            return Optional.of(new String(b, 0, len, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the beginning of a host file, up to and including the first occurrence of a marker.
     * For {@code /proc/cpuinfo}, whose first block is all that lscpu-style identity needs, this
     * spares the kernel formatting every other processor's block (on large hosts, most of the file).
     *
     * @param host   the host root
     * @param path   an absolute host path
     * @param marker the text to stop after, for example a blank line {@code "\n\n"}
     * @param max    the most bytes to read
     * @return the text read (all of the file if the marker is absent), or empty if unreadable
     */
    static Optional<String> readUntil(HostRoot host, String path, String marker, int max) {
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        try (SeekableByteChannel ch = Files.newByteChannel(host.resolve(path), READ)) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            int searched = 0;
            while (true) {
                int n = ch.read(b);
                if (n < 0) {
                    break;
                }
                int found = indexOf(b.array(), b.position(), m, Math.max(0, searched - m.length));
                if (found >= 0) {
                    return Optional.of(new String(b.array(), 0, found + m.length, StandardCharsets.UTF_8));
                }
                searched = b.position();
                if (!b.hasRemaining()) {
                    if (b.capacity() >= max) {
                        break;
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(Math.min(max, b.capacity() * 2));
                    b.flip();
                    bigger.put(b);
                    b = bigger;
                }
            }
            return Optional.of(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int indexOf(byte[] a, int len, byte[] m, int from) {
        outer:
        for (int i = from; i + m.length <= len; i++) {
            for (int j = 0; j < m.length; j++) {
                if (a[i + j] != m[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * @param rel a relative path
     * @return the host path, for error messages
     */
    String hostPath(String rel) {
        return base + "/" + rel;
    }

    @Override
    public void close() throws IOException {
        if (dir != null && owner) {
            dir.close();
        }
    }
}
