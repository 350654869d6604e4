package aegis.hal.api.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** The file-system {@link HostRoot}; see {@link HostRoot#of(Path)}. Immutable, thread-safe. */
final class FileHostRoot implements HostRoot {
    private final Path root;
    private final boolean live;

    FileHostRoot(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.live = this.root.getParent() == null;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public Path resolve(String hostPath) {
        if (hostPath == null || !hostPath.startsWith("/")) {
            throw new IllegalArgumentException("host path must be absolute: '" + hostPath + "'");
        }
        String rel = hostPath.substring(1);
        for (String segment : rel.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("host path may not contain '" + segment + "': '" + hostPath + "'");
            }
        }
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    @Override
    public boolean exists(String hostPath) {
        return Files.exists(resolve(hostPath));
    }

    @Override
    public String readString(String hostPath) throws IOException {
        String s = new String(readBytes(hostPath, 16 * 1024 * 1024), StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public Optional<String> readOptional(String hostPath) {
        try {
            String s = readString(hostPath);
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] readBytes(String hostPath, int maxBytes) throws IOException {
        Path p = resolve(hostPath);
        // sysfs files report a size of 4096 whatever they hold: read until EOF, bounded.
        try (InputStream in = Files.newInputStream(p)) {
            byte[] data = in.readNBytes(maxBytes);
            if (data.length == maxBytes && in.read() >= 0) {
                throw new IOException(hostPath + ": larger than " + maxBytes + " bytes");
            }
            return data;
        }
    }

    @Override
    public List<String> list(String hostPath) throws IOException {
        Path p = resolve(hostPath);
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(p)) {
            List<String> names = new ArrayList<>();
            s.forEach(e -> names.add(e.getFileName().toString()));
            Collections.sort(names);
            return Collections.unmodifiableList(names);
        }
    }

    @Override
    public Optional<String> readLink(String hostPath) {
        Path p = resolve(hostPath);
        if (!Files.isSymbolicLink(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readSymbolicLink(p).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void writeString(String hostPath, String value) throws IOException {
        Path p = resolve(hostPath);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
            throw new NoSuchFileException(hostPath);
        }
        Files.write(p, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public String toString() {
        return "HostRoot[" + root + (live ? ", live" : "") + "]";
    }
}
