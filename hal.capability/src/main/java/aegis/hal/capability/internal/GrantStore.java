package aegis.hal.capability.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import aegis.hal.api.io.AtomicFiles;

/**
 * The persisted grants: a small text file replaced atomically on every change, so that a crash
 * mid-write loses nothing and corrupts nothing.
 *
 * <pre>
 * aegis-hal-capability-grants 1
 * clock 1764012345678            wall-clock high-water mark, epoch ms
 * grant &lt;token text&gt;             one per granted token, parents before children
 * revoked &lt;token id&gt; &lt;expiry&gt;    revoked ids, kept until their expiry (epoch s) passes
 * </pre>
 * Not thread-safe: the engine serialises calls.
 */
final class GrantStore {
    static final String HEADER = "aegis-hal-capability-grants 1";

    /**
     * What the file holds.
     *
     * @param highWaterMillis the wall-clock high-water mark
     * @param tokens          the granted tokens' texts
     * @param revoked         revoked token ids with their expiry in epoch seconds
     * @param problems        lines that could not be read, for the log
     */
    record Stored(long highWaterMillis, List<String> tokens, Map<String, Long> revoked, List<String> problems) {
    }

    private final Path file;

    GrantStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    Stored load() throws IOException {
        List<String> tokens = new ArrayList<>();
        Map<String, Long> revoked = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        long high = 0;
        if (!Files.exists(file)) {
            return new Stored(0, tokens, revoked, problems);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a grant store (first line must be '" + HEADER + "')");
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "clock" -> high = Long.parseLong(f[1]);
                    case "grant" -> tokens.add(f[1]);
                    case "revoked" -> revoked.put(f[1], Long.parseLong(f[2]));
                    default -> problems.add("line " + (i + 1) + ": unknown entry '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                problems.add("line " + (i + 1) + ": unreadable '" + line + "'");
            }
        }
        return new Stored(high, tokens, revoked, problems);
    }

    void save(long highWaterMillis, List<String> tokens, Map<String, Long> revoked) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("clock ").append(highWaterMillis).append('\n');
        for (String t : tokens) {
            sb.append("grant ").append(t).append('\n');
        }
        for (Map.Entry<String, Long> e : revoked.entrySet()) {
            sb.append("revoked ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), false);
    }
}
