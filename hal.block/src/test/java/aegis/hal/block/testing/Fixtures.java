package aegis.hal.block.testing;

import aegis.hal.api.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Paths of the copied fixtures and a runner for the reference tools. */
public final class Fixtures {
    private Fixtures() {
    }

    /** @return the fixtures folder (src/test/resources/fixtures, read in place: it holds symlinks) */
    public static Path root() {
        String p = System.getProperty("aegis.fixtures");
        Path dir = p != null ? Path.of(p) : Path.of("src/test/resources/fixtures");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixtures not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    public static Path host(String name) {
        return root().resolve("hosts").resolve(name);
    }

    public static Path image(String name) {
        return root().resolve("images").resolve(name);
    }

    public static Map<String, Object> json(Path p) throws IOException {
        return Json.parseObject(Files.readString(p, StandardCharsets.UTF_8));
    }

    /** The outcome of a tool run. */
    public record Result(int rc, String out, String err) {
    }

    /** @return whether a tool is on the PATH (or in /sbin, /usr/sbin) */
    public static boolean available(String tool) {
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a tool with LC_ALL=C, stdin from {@code input} (may be null), 60 s at most. */
    public static Result run(String input, String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(cmd));
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(d, cmd[0]))) {
                c.set(0, d + "/" + cmd[0]);
                break;
            }
        }
        ProcessBuilder pb = new ProcessBuilder(c);
        pb.environment().put("LC_ALL", "C");
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (var w = p.getOutputStream()) {
                if (input != null) {
                    w.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a tool and fails unless it exits 0. */
    public static String check(String input, String... cmd) throws IOException, InterruptedException {
        Result r = run(input, cmd);
        if (r.rc() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + r.rc() + ": " + r.err());
        }
        return r.out();
    }
}
