package aegis.hal.cpu.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Locates the copied fixtures (see fixtures/PROVENANCE.md) and makes writable copies of them. */
public final class Fixtures {
    /** The fixture hosts with CPU data and lscpu oracles. */
    public static final String[] HOSTS = {"firecracker", "qemu-q35", "qemu-nvme"};

    private Fixtures() {
    }

    /**
     * @param relative a path below fixtures/
     * @return the path on disk
     */
    public static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param host a fixture host name
     * @return its sysroot
     */
    public static Path host(String host) {
        return path("hosts/" + host);
    }

    /**
     * Copies a directory tree.
     *
     * @param from the source
     * @param to   the target (created)
     */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param host a fixture host
     * @param dir  an empty temporary folder
     * @return a writable copy of the host with the synthetic cpufreq policy0 added
     */
    public static Path withSyntheticCpufreq(String host, Path dir) {
        copyTree(host(host), dir);
        copyTree(path("synthetic/cpufreq"), dir.resolve("sys/devices/system/cpu/cpufreq"));
        return dir;
    }
}
