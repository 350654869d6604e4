package aegis.hal.acpi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ACPI namespace built from the DSDT and every SSDT, without executing any AML: what the
 * tables declare, with the objects the interpreter predefines. Problems met while parsing (bad
 * AML, duplicate names, unresolved scopes) are listed, each naming the table and byte offset;
 * the objects parsed before a problem are kept. Immutable and thread-safe.
 */
public final class AcpiNamespace {
    private final AcpiNode root;
    private final List<String> problems;
    private final List<AcpiDevice> devices;
    private final List<String> externals;
    private final int nodeCount;

    /**
     * @param root      the root node ({@code \})
     * @param problems  what went wrong, each naming table and offset
     * @param devices   the devices, in namespace order
     * @param externals the {@code External} declarations, see {@link #externals()}
     */
    public AcpiNamespace(AcpiNode root, List<String> problems, List<AcpiDevice> devices, List<String> externals) {
        this.root = Objects.requireNonNull(root, "root");
        this.problems = List.copyOf(problems);
        this.devices = List.copyOf(devices);
        this.externals = List.copyOf(externals);
        int[] n = {0};
        walk(x -> n[0]++);
        this.nodeCount = n[0];
    }

    /** @return an empty namespace (no tables read) */
    public static AcpiNamespace empty() {
        return new AcpiNamespace(new AcpiNode("\\", "\\", AcpiObjectType.SCOPE, "", -1, Optional.empty(),
                java.util.Map.of(), List.of()), List.of(), List.of(), List.of());
    }

    /** @return the root scope {@code \} */
    public AcpiNode root() {
        return root;
    }

    /** @return what went wrong while parsing, each naming the table and byte offset */
    public List<String> problems() {
        return problems;
    }

    /** @return the devices, in namespace order */
    public List<AcpiDevice> devices() {
        return devices;
    }

    /**
     * The {@code External} declarations of the tables, each as {@code <path> <type> [args N]}
     * ({@code \\_SB_.EXT0 Device}, {@code \\EXTM Method args 2}), with {@code (unresolved)}
     * appended when no table defined the object. Like ACPICA, the parser creates no node for
     * an External; it uses a method's declared argument count to parse calls to it.
     *
     * @return the declarations, in table order
     */
    public List<String> externals() {
        return externals;
    }

    /** @return the number of nodes, the root included */
    public int nodeCount() {
        return nodeCount;
    }

    /**
     * Visits every node, parents before children, children in creation order.
     *
     * @param visitor called once per node
     */
    public void walk(Consumer<AcpiNode> visitor) {
        Deque<AcpiNode> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            AcpiNode n = stack.pop();
            visitor.accept(n);
            List<AcpiNode> c = n.children();
            for (int i = c.size() - 1; i >= 0; i--) {
                stack.push(c.get(i));
            }
        }
    }

    /**
     * Finds a node by absolute path. Segments shorter than four characters are padded with
     * {@code _} ({@code \_SB.PCI0} finds {@code \_SB_.PCI0}); the leading {@code \} is optional.
     *
     * @param path an absolute path
     * @return the node
     */
    public Optional<AcpiNode> find(String path) {
        List<String> segs = segments(path);
        if (segs == null) {
            return Optional.empty();
        }
        AcpiNode n = root;
        for (String s : segs) {
            Optional<AcpiNode> c = n.child(s);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            n = c.get();
        }
        return Optional.of(n);
    }

    /**
     * Normalizes a path the way {@link #find(String)} reads it.
     *
     * @param path a path such as {@code \_SB.PCI0} or {@code _SB_.PCI0}
     * @return the canonical form ({@code \_SB_.PCI0}), or empty if the path is malformed
     */
    public static Optional<String> normalize(String path) {
        List<String> segs = segments(path);
        return segs == null ? Optional.empty() : Optional.of("\\" + String.join(".", segs));
    }

    private static List<String> segments(String path) {
        if (path == null) {
            return null;
        }
        String p = path.strip();
        if (p.startsWith("\\")) {
            p = p.substring(1);
        }
        List<String> out = new ArrayList<>();
        if (p.isEmpty()) {
            return out;
        }
        for (String s : p.split("\\.", -1)) {
            if (s.isEmpty() || s.length() > 4 || !s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return null;
            }
            out.add((s.toUpperCase(java.util.Locale.ROOT) + "___").substring(0, 4));
        }
        return out;
    }
}
