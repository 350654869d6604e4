package aegis.hal.uefi.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/** Test helpers: the copied fixtures, temporary stores, hand-built device path nodes, tools. */
public final class Fixtures {
    /** EFI_GLOBAL_VARIABLE. */
    public static final String GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";

    private Fixtures() {
    }

    /** @return the copied fixtures directory */
    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the qemu-q35 host root */
    public static Path q35() {
        return root().resolve("hosts/qemu-q35");
    }

    /** @return the qemu-nvme (non-EFI) host root */
    public static Path nvme() {
        return root().resolve("hosts/qemu-nvme");
    }

    /** @return the qemu-q35 efivars directory */
    public static Path q35Efivars() {
        return q35().resolve("sys/firmware/efi/efivars");
    }

    /** @return an oracle file's lines */
    public static List<String> oracle(String name) throws IOException {
        return Files.readAllLines(q35().resolve("oracle").resolve(name), StandardCharsets.UTF_8);
    }

    /** @return a variable's file content from the fixture */
    public static byte[] variableFile(String name) throws IOException {
        return Files.readAllBytes(q35Efivars().resolve(name + "-" + GLOBAL));
    }

    /** @return a variable's data (after the 4-byte attributes) from the fixture */
    public static byte[] variableData(String name) throws IOException {
        byte[] f = variableFile(name);
        return java.util.Arrays.copyOfRange(f, 4, f.length);
    }

    /**
     * Copies the qemu-q35 host's sys/firmware/efi into {@code dir} (as {@code dir/sys/firmware/efi}).
     *
     * @return {@code dir}, now a host root
     */
    public static Path copyQ35(Path dir) throws IOException {
        Path src = q35().resolve("sys/firmware/efi");
        Path dst = dir.resolve("sys/firmware/efi");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
                t.toFile().setWritable(true, true);
            }
        }
        return dir;
    }

    /**
     * Turns a copy of the qemu-q35 store into the store before {@code efibootmgr -c} (see
     * PROVENANCE.md): Boot0001 removed, BootOrder = 0000 with the same attributes.
     */
    public static void toPreCreation(Path hostRoot) throws IOException {
        Path vars = hostRoot.resolve("sys/firmware/efi/efivars");
        Files.delete(vars.resolve("Boot0001-" + GLOBAL));
        Path order = vars.resolve("BootOrder-" + GLOBAL);
        byte[] b = Files.readAllBytes(order);
        // keep the attribute header, drop the first entry (0001) that efibootmgr -c put in front
        byte[] pre = new byte[b.length - 2];
        System.arraycopy(b, 0, pre, 0, 4);
        System.arraycopy(b, 6, pre, 4, b.length - 6);
        Files.write(order, pre);
    }

    /** @return every file of a directory tree by relative path, with its bytes */
    public static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    /** Writes a variable file. */
    public static void writeVariable(Path efivars, String name, String guid, long attrs, byte[] data) throws IOException {
        Files.createDirectories(efivars);
        ByteBuffer bb = ByteBuffer.allocate(4 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt((int) attrs).put(data);
        Files.write(efivars.resolve(name + "-" + guid), bb.array());
    }

    // ---- device path nodes ------------------------------------------------------------------

    /** A little-endian byte builder. */
    public static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Bytes u8(int... v) {
            for (int x : v) {
                out.write(x);
            }
            return this;
        }

        public Bytes u16(int... v) {
            for (int x : v) {
                out.write(x);
                out.write(x >>> 8);
            }
            return this;
        }

        public Bytes u32(long v) {
            return u16((int) v, (int) (v >>> 16));
        }

        public Bytes u64(long v) {
            return u32(v).u32(v >>> 32);
        }

        public Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public Bytes ascii(String s) {
            return raw(s.getBytes(StandardCharsets.US_ASCII));
        }

        public Bytes ucs2z(String s) {
            return raw((s + "\0").getBytes(StandardCharsets.UTF_16LE));
        }

        public Bytes guid(String g) {
            UUID u = UUID.fromString(g);
            long msb = u.getMostSignificantBits();
            u32(msb >>> 32).u16((int) (msb >>> 16), (int) msb);
            long lsb = u.getLeastSignificantBits();
            for (int i = 0; i < 8; i++) {
                out.write((int) (lsb >>> (56 - 8 * i)));
            }
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    public static Bytes b() {
        return new Bytes();
    }

    /** A device path node with its header. */
    public static byte[] node(int type, int sub, byte[] data) {
        return b().u8(type, sub).u16(4 + data.length).raw(data).bytes();
    }

    /** The end-entire node. */
    public static byte[] end() {
        return node(0x7f, 0xff, new byte[0]);
    }

    /** Concatenates. */
    public static byte[] cat(byte[]... parts) {
        Bytes b = b();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.bytes();
    }

    /** An EFI_LOAD_OPTION. */
    public static byte[] loadOption(long attrs, String desc, byte[] path, byte[] optional) {
        return b().u32(attrs).u16(path.length).ucs2z(desc).raw(path).raw(optional).bytes();
    }

    /** Runs a tool with EFIVARFS_PATH; empty if the tool is not installed. */
    public static java.util.Optional<ToolResult> runTool(Path efivars, String... cmd) throws IOException, InterruptedException {
        java.util.Optional<Path> exe = which(cmd[0]);
        if (exe.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> args = new ArrayList<>(List.of(cmd));
        args.set(0, exe.get().toString());
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().put("EFIVARFS_PATH", efivars.toString() + "/");
        pb.redirectErrorStream(false);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        int rc = p.waitFor();
        return java.util.Optional.of(new ToolResult(rc, new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8)));
    }

    /** A tool's result. */
    public record ToolResult(int rc, String out, String err) {
        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - (out.endsWith("\n") ? 1 : 0));
        }
    }

    /** @return the program's path, searching PATH and the sbin directories */
    public static java.util.Optional<Path> which(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return java.util.Optional.of(Path.of(d, tool));
            }
        }
        return java.util.Optional.empty();
    }

    /** @return a list of the given arrays */
    public static List<byte[]> list(byte[]... a) {
        return new ArrayList<>(List.of(a));
    }
}
