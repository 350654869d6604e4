package aegis.hal.api.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way every bundle reads the host: {@code /} on a real machine, a directory of captured
 * files (a fixture tree that mirrors {@code /sys}, {@code /proc}, {@code /dev}) otherwise. No
 * other code names {@code /sys}, {@code /proc} or {@code /dev} directly.
 *
 * <p>Host paths are absolute, use {@code /} as separator and may not contain {@code .} or
 * {@code ..} segments; a path that breaks this gets an {@link IllegalArgumentException}. The
 * runtime registers one instance as a service, rooted at the framework property {@link #PROPERTY}
 * ({@code /} when absent). Implementations are immutable and thread-safe.
 */
@ProviderType
public interface HostRoot {
    /** Framework property (and system property) naming the host root directory. */
    String PROPERTY = "aegis.hal.root";

    /** @return the directory that stands for the host's {@code /} */
    Path root();

    /** @return whether this is the live host ({@code /}) rather than a recorded tree */
    boolean isLive();

    /**
     * Maps a host path into the root.
     *
     * @param hostPath an absolute host path such as {@code /sys/block}
     * @return the path under {@link #root()}
     * @throws IllegalArgumentException if the path is not absolute or contains {@code .}/{@code ..}
     */
    Path resolve(String hostPath);

    /**
     * @param hostPath an absolute host path
     * @return whether something exists there (following links)
     */
    boolean exists(String hostPath);

    /**
     * Reads a text attribute (sysfs or procfs file) and strips one trailing newline.
     *
     * @param hostPath an absolute host path
     * @return the content
     * @throws IOException if the file cannot be read (missing: {@link java.nio.file.NoSuchFileException})
     */
    String readString(String hostPath) throws IOException;

    /**
     * Reads a text attribute, or nothing when the file is absent, unreadable or empty.
     *
     * @param hostPath an absolute host path
     * @return the content without its trailing newline, or empty
     */
    Optional<String> readOptional(String hostPath);

    /**
     * Reads a binary file, refusing one larger than a limit.
     *
     * @param hostPath an absolute host path
     * @param maxBytes the most bytes to accept
     * @return the bytes
     * @throws IOException if the file cannot be read or is larger than {@code maxBytes}
     */
    byte[] readBytes(String hostPath, int maxBytes) throws IOException;

    /**
     * Lists a directory.
     *
     * @param hostPath an absolute host path
     * @return the entry names, sorted; empty if the directory does not exist (kernels without a
     *         class have no directory for it)
     * @throws IOException if the directory exists but cannot be read
     */
    List<String> list(String hostPath) throws IOException;

    /**
     * Reads a symbolic link without following it (sysfs links are relative).
     *
     * @param hostPath an absolute host path
     * @return the link target as stored, or empty if the path is not a link
     */
    Optional<String> readLink(String hostPath);

    /**
     * Writes a text attribute in one write, as sysfs requires.
     *
     * @param hostPath an absolute host path of an existing file
     * @param value    the text to write
     * @throws IOException if the file does not exist or the write fails
     */
    void writeString(String hostPath, String value) throws IOException;

    /**
     * @param root a directory that stands for the host's {@code /}
     * @return a host root reading below that directory
     */
    static HostRoot of(Path root) {
        return new FileHostRoot(root);
    }
}
