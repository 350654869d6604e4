package aegis.hal.benchmarks.uefi;

import aegis.hal.uefi.codec.EfiVariables;
import aegis.hal.uefi.codec.LoadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding all Boot#### entries of the qemu-q35 fixture store (read the efivarfs directory, decode
 * each EFI_LOAD_OPTION, render the efibootmgr -v line) against running {@code efibootmgr -v} as a
 * process on the same store (EFIVARFS_PATH). The store is copied to a temporary directory first.
 * Run from the repository root, or set -Daegis.uefi.fixture=<efivars dir>.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BootEntriesBenchmark {
    private static final Pattern BOOT = Pattern.compile("Boot[0-9A-Fa-f]{4}-8be4df61-93ca-11d2-aa0d-00e098032b8c");

    private Path store;
    private List<byte[]> preloaded;

    @Setup
    public void setup() throws Exception {
        Path src = Path.of(System.getProperty("aegis.uefi.fixture",
                "hal.uefi/src/test/resources/fixtures/hosts/qemu-q35/sys/firmware/efi/efivars"));
        store = Files.createTempDirectory("uefi-bench");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(src)) {
            for (Path p : ds) {
                Files.copy(p, store.resolve(p.getFileName().toString()));
            }
        }
        preloaded = new ArrayList<>();
        for (Path p : bootFiles()) {
            preloaded.add(EfiVariables.split(Files.readAllBytes(p)).data());
        }
        if (preloaded.isEmpty()) {
            throw new IllegalStateException("no Boot#### variables in " + src);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(store)) {
            for (Path p : ds) {
                Files.delete(p);
            }
        }
        Files.delete(store);
    }

    private List<Path> bootFiles() throws IOException {
        List<Path> l = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(store)) {
            for (Path p : ds) {
                if (BOOT.matcher(p.getFileName().toString()).matches()) {
                    l.add(p);
                }
            }
        }
        l.sort(Comparator.naturalOrder());
        return l;
    }

    /** Pure decoding of the already-read variable data. */
    @Benchmark
    public int decodeOnly() throws Exception {
        int n = 0;
        for (byte[] d : preloaded) {
            n += LoadOptions.decode(d).devicePathText().length();
        }
        return n;
    }

    /** What efibootmgr -v does for the entries: list the store, read, decode, render the lines. */
    @Benchmark
    public String readDecodeRender() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Path p : bootFiles()) {
            String file = p.getFileName().toString();
            String name = file.substring(0, 8);
            sb.append(LoadOptions.efibootmgrLine(name, LoadOptions.decode(EfiVariables.split(Files.readAllBytes(p)).data())))
                    .append('\n');
        }
        return sb.toString();
    }

    /** efibootmgr -v as a process on the same store. */
    @Benchmark
    public String efibootmgrProcess() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("efibootmgr", "-v");
        pb.environment().put("EFIVARFS_PATH", store + "/");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("efibootmgr failed: " + out);
        }
        return out;
    }
}
