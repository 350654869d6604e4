package aegis.hal.benchmarks.acpi;

import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.parser.AcpiFormatException;
import aegis.hal.acpi.parser.AmlParser;
import aegis.hal.acpi.parser.TableDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * hal.acpi's parsers against the reference tool. {@code parseQ35Dsdt}: the qemu-q35 DSDT (8486
 * bytes) into the namespace; {@code allTablesQ35AndFirecracker}: decoding and validating all 12
 * tables of both fixture hosts and building both namespaces; {@code acpiexecNamespace}: the
 * baseline, {@code acpiexec -b namespace DSDT} on the same DSDT as a process (needs acpica-tools).
 *
 * <p>Fixtures are read from {@code hal.acpi/src/test/resources/fixtures/hosts} below the working
 * directory, or from the system property {@code aegis.acpi.fixtures}. Run from the repository root:
 * {@code java -jar benchmarks/target/benchmarks.jar 'acpi' -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AcpiBenchmark {
    private Path fixtures;
    private byte[] q35Dsdt;
    private final List<String> names = new ArrayList<>();
    private final List<byte[]> tables = new ArrayList<>();

    /** Loads the fixture tables once. */
    @Setup
    public void setUp() throws IOException {
        fixtures = Path.of(System.getProperty("aegis.acpi.fixtures", "hal.acpi/src/test/resources/fixtures/hosts"))
                .toAbsolutePath();
        q35Dsdt = Files.readAllBytes(fixtures.resolve("qemu-q35/sys/firmware/acpi/tables/DSDT"));
        for (String host : List.of("qemu-q35", "firecracker")) {
            try (Stream<Path> s = Files.list(fixtures.resolve(host).resolve("sys/firmware/acpi/tables"))) {
                for (Path p : s.sorted().toList()) {
                    names.add(host + "/" + p.getFileName());
                    tables.add(Files.readAllBytes(p));
                }
            }
        }
    }

    /** The qemu-q35 DSDT into the namespace. */
    @Benchmark
    public AcpiNamespace parseQ35Dsdt() throws AcpiFormatException {
        return AmlParser.parse("DSDT", q35Dsdt);
    }

    /** Every table of both hosts validated and decoded, and each host's namespace built. */
    @Benchmark
    public int allTablesQ35AndFirecracker() {
        int n = 0;
        List<AcpiTable> host = new ArrayList<>();
        String current = null;
        for (int i = 0; i < tables.size(); i++) {
            String h = names.get(i).substring(0, names.get(i).indexOf('/'));
            if (current != null && !h.equals(current)) {
                n += AmlParser.load(host).nodeCount();
                host.clear();
            }
            current = h;
            AcpiTable t = TableDecoder.decode(names.get(i).substring(h.length() + 1), tables.get(i));
            host.add(t);
            n += t.fields().size();
        }
        return n + AmlParser.load(host).nodeCount();
    }

    /** Baseline: acpiexec -b namespace on the same DSDT, as a process, output read to the end. */
    @Benchmark
    public int acpiexecNamespace() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("acpiexec", "-b", "namespace",
                fixtures.resolve("qemu-q35/sys/firmware/acpi/tables/DSDT").toString())
                .redirectErrorStream(true).start();
        int bytes;
        try (InputStream in = p.getInputStream()) {
            bytes = in.readAllBytes().length;
        }
        if (p.waitFor() != 0 || bytes < 1000) {
            throw new IllegalStateException("acpiexec failed (" + bytes + " bytes of output)");
        }
        return bytes;
    }
}
