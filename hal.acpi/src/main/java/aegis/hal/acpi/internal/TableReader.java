package aegis.hal.acpi.internal;

import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiSnapshot;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.parser.AmlParser;
import aegis.hal.acpi.parser.TableDecoder;
import aegis.hal.api.host.HostRoot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every ACPI table under a host's tables directory (the numbered SSDTs and {@code dynamic/}
 * included, the {@code data/} blobs left out) through the {@link HostRoot}, decodes them and builds
 * the namespace. A table that cannot be read (on a real machine they are readable only by root)
 * is reported and the others are still read. Stateless and thread-safe.
 */
final class TableReader {
    /** The largest table accepted. */
    static final int MAX_TABLE_BYTES = 16 * 1024 * 1024;
    /** The most tables read from one directory. */
    static final int MAX_TABLES = 1024;
    private static final Pattern NUMBERED = Pattern.compile("([A-Za-z_]+)(\\d*)");

    private TableReader() {
    }

    static AcpiSnapshot read(HostRoot host, String dir) {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            host.resolve(dir);
        } catch (IllegalArgumentException e) {
            problems.add("invalid tables path '" + dir + "': " + e.getMessage());
            return new AcpiSnapshot(dir, List.of(), AcpiNamespace.empty(), problems, Instant.now());
        }
        if (!host.exists(dir)) {
            problems.add("no ACPI tables at " + dir + " (not an ACPI machine, or sysfs is not mounted)");
            return new AcpiSnapshot(dir, List.of(), AcpiNamespace.empty(), problems, Instant.now());
        }
        try {
            for (String n : host.list(dir)) {
                if (Files.isDirectory(host.resolve(dir + "/" + n))) {
                    if (n.equals("dynamic")) {
                        for (String d : host.list(dir + "/dynamic")) {
                            names.add("dynamic/" + d);
                        }
                    }
                    // data/ holds firmware data blobs (BERT regions, ...), not tables
                } else {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e);
        }
        names.sort(LOAD_ORDER);
        List<AcpiTable> tables = new ArrayList<>();
        for (String n : names) {
            if (tables.size() >= MAX_TABLES) {
                problems.add("more than " + MAX_TABLES + " tables in " + dir + "; the rest are ignored");
                break;
            }
            String path = dir + "/" + n;
            try {
                tables.add(TableDecoder.decode(n, host.readBytes(path, MAX_TABLE_BYTES)));
            } catch (AccessDeniedException e) {
                problems.add("permission denied reading " + path
                        + ": ACPI tables are readable only by root (run as root, or set " + HostRoot.PROPERTY
                        + " to a copy of the tables)");
            } catch (IOException e) {
                problems.add("cannot read " + path + ": " + e.getMessage());
            }
        }
        return new AcpiSnapshot(dir, tables, AmlParser.load(tables), problems, Instant.now());
    }

    /** DSDT first, then by signature and instance number (SSDT2 before SSDT10), then dynamic/. */
    static final Comparator<String> LOAD_ORDER = Comparator
            .comparing((String n) -> n.startsWith("dynamic/"))
            .thenComparing(n -> !baseName(n).equals("DSDT"))
            .thenComparing(TableReader::baseName)
            .thenComparingLong(TableReader::instance)
            .thenComparing(n -> n);

    private static String baseName(String n) {
        String last = n.substring(n.lastIndexOf('/') + 1);
        Matcher m = NUMBERED.matcher(last);
        return m.matches() ? m.group(1) : last;
    }

    private static long instance(String n) {
        String last = n.substring(n.lastIndexOf('/') + 1);
        Matcher m = NUMBERED.matcher(last);
        if (m.matches() && !m.group(2).isEmpty() && m.group(2).length() < 10) {
            return Long.parseLong(m.group(2));
        }
        return 0;
    }
}
