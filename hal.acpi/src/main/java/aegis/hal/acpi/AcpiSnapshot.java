package aegis.hal.acpi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one reading of the host's ACPI tables found. Immutable and thread-safe.
 *
 * @param source    the directory the tables were read from (a host path, for example
 *                  {@code /sys/firmware/acpi/tables})
 * @param tables    every table found, valid or not, in load order (DSDT, then the others by name,
 *                  then {@code dynamic/})
 * @param namespace the namespace built from the DSDT and SSDTs
 * @param problems  what went wrong reading the tables (permission denied, unreadable file), for a
 *                  person to read; the tables' own problems are in each table
 * @param readAt    when the tables were read
 */
public record AcpiSnapshot(String source, List<AcpiTable> tables, AcpiNamespace namespace, List<String> problems,
        Instant readAt) {

    /** Checks and copies the components. */
    public AcpiSnapshot {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(readAt, "readAt");
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
    }

    /**
     * @param source where nothing was read yet
     * @return a snapshot with no tables
     */
    public static AcpiSnapshot empty(String source) {
        return new AcpiSnapshot(source, List.of(), AcpiNamespace.empty(), List.of(), Instant.EPOCH);
    }

    /**
     * Finds a table by its name ({@code SSDT1}, {@code dynamic/SSDT2}) or, failing that, by its
     * signature (the first table of that signature); case-insensitive.
     *
     * @param nameOrSignature a table name or signature
     * @return the table
     */
    public Optional<AcpiTable> table(String nameOrSignature) {
        for (AcpiTable t : tables) {
            if (t.name().equalsIgnoreCase(nameOrSignature)) {
                return Optional.of(t);
            }
        }
        for (AcpiTable t : tables) {
            if (t.signature().equalsIgnoreCase(nameOrSignature)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @return the devices of the namespace */
    public List<AcpiDevice> devices() {
        return namespace.devices();
    }
}
