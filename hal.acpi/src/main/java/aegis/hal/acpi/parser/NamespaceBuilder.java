package aegis.hal.acpi.parser;

import aegis.hal.acpi.AcpiDevice;
import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiNode;
import aegis.hal.acpi.AcpiObjectType;
import aegis.hal.acpi.AcpiValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutable namespace the AML parser fills, turned into an immutable {@link AcpiNamespace} at
 * the end. Not thread-safe; one per load.
 */
final class NamespaceBuilder {
    /** A mutable namespace node. */
    static final class Node {
        final String name;
        final Node parent;
        AcpiObjectType type;
        final String table;
        final int offset;
        AcpiValue value;
        final Map<String, Object> info = new LinkedHashMap<>();
        final LinkedHashMap<String, Node> children = new LinkedHashMap<>();
        private final String path;

        Node(String name, Node parent, AcpiObjectType type, String table, int offset) {
            this.name = name;
            this.parent = parent;
            this.type = type;
            this.table = table;
            this.offset = offset;
            this.path = parent == null ? "\\" : parent.parent == null ? "\\" + name : parent.path + "." + name;
        }

        String path() {
            return path;
        }
    }

    /** An {@code External} declaration: resolved absolute path, object type and argument count. */
    record External(String path, int objectType, int args) {
    }

    final Node root = new Node("\\", null, AcpiObjectType.SCOPE, "", -1);
    final List<String> problems = new ArrayList<>();
    final Map<String, External> externals = new java.util.LinkedHashMap<>();
    final int maxNodes;
    int nodes = 1;
    boolean integers32;

    NamespaceBuilder(int maxNodes) {
        this.maxNodes = maxNodes;
        predefined("_GPE", AcpiObjectType.SCOPE, null);
        predefined("_PR_", AcpiObjectType.SCOPE, null);
        predefined("_SB_", AcpiObjectType.DEVICE, null);
        predefined("_SI_", AcpiObjectType.SCOPE, null);
        predefined("_TZ_", AcpiObjectType.DEVICE, null);
        predefined("_REV", AcpiObjectType.INTEGER, new AcpiValue.IntegerValue(2));
        predefined("_OS_", AcpiObjectType.STRING, new AcpiValue.StringValue("Microsoft Windows NT"));
        predefined("_GL_", AcpiObjectType.MUTEX, null).info.put("syncLevel", 0);
        Node osi = predefined("_OSI", AcpiObjectType.METHOD, null);
        osi.info.put("args", 1);
        osi.info.put("serialized", false);
        osi.info.put("syncLevel", 0);
        osi.info.put("amlLength", 0);
    }

    private Node predefined(String name, AcpiObjectType type, AcpiValue value) {
        Node n = new Node(name, root, type, "", -1);
        n.value = value;
        root.children.put(name, n);
        nodes++;
        return n;
    }

    /** Adds a child; the caller checked that the name is free. */
    Node add(Node parent, String name, AcpiObjectType type, String table, int offset) throws AcpiFormatException {
        if (nodes >= maxNodes) {
            throw new AcpiFormatException(table, offset, "more than " + maxNodes + " namespace objects");
        }
        Node n = new Node(name, parent, type, table, offset);
        parent.children.put(name, n);
        nodes++;
        return n;
    }

    AcpiNamespace build() {
        return build(true);
    }

    /** @param withDevices false when no definition block was loaded: the predefined \_SB_ alone is no device */
    AcpiNamespace build(boolean withDevices) {
        List<AcpiDevice> devices = new ArrayList<>();
        if (withDevices) {
            collectDevices(root, null, devices);
        }
        List<String> ext = new ArrayList<>();
        String[] types = {"Any", "Integer", "String", "Buffer", "Package", "FieldUnit", "Device", "Event", "Method",
            "Mutex", "Region", "Power", "Processor", "Thermal", "BufferField", "DDBHandle", "Debug"};
        for (External e : externals.values()) {
            String type = e.objectType() >= 0 && e.objectType() < types.length ? types[e.objectType()] : "Type" + e.objectType();
            ext.add(e.path() + " " + type + (e.objectType() == 8 ? " args " + e.args() : "")
                    + (find(e.path()) == null ? " (unresolved)" : ""));
        }
        return new AcpiNamespace(freeze(root), problems, devices, ext);
    }

    private Node find(String path) {
        Node n = root;
        for (String seg : path.substring(1).split("\\.")) {
            if (seg.isEmpty()) {
                continue;
            }
            n = n.children.get(seg);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private static AcpiNode freeze(Node n) {
        List<AcpiNode> kids = new ArrayList<>(n.children.size());
        for (Node c : n.children.values()) {
            kids.add(freeze(c));
        }
        return new AcpiNode(n.name, n.path(), n.type, n.table, n.offset, Optional.ofNullable(n.value), n.info, kids);
    }

    private static void collectDevices(Node n, String parentId, List<AcpiDevice> out) {
        String pid = parentId;
        if (n.type.isDeviceLike()) {
            String id = "acpi:" + n.path();
            Optional<String> hid = Optional.ofNullable(idText(n.children.get("_HID")));
            List<String> cids = new ArrayList<>();
            Node cid = n.children.get("_CID");
            if (cid != null && cid.value instanceof AcpiValue.PackageValue p) {
                for (AcpiValue e : p.elements()) {
                    String t = idText(e);
                    if (t != null) {
                        cids.add(t);
                    }
                }
            } else if (idText(cid) != null) {
                cids.add(idText(cid));
            }
            Optional<String> uid = Optional.empty();
            Node u = n.children.get("_UID");
            if (u != null && u.value instanceof AcpiValue.IntegerValue i) {
                uid = Optional.of(Long.toUnsignedString(i.value()));
            } else if (u != null && u.value instanceof AcpiValue.StringValue s) {
                uid = Optional.of(s.value());
            }
            devices(out, new AcpiDevice(id, n.path(), n.type, Optional.ofNullable(parentId), hid, cids, uid,
                    integer(n.children.get("_ADR")), integer(n.children.get("_STA")), n.table));
            pid = id;
        }
        for (Node c : n.children.values()) {
            collectDevices(c, pid, out);
        }
    }

    private static void devices(List<AcpiDevice> out, AcpiDevice d) {
        out.add(d);
    }

    private static Optional<Long> integer(Node n) {
        return n != null && n.value instanceof AcpiValue.IntegerValue i ? Optional.of(i.value()) : Optional.empty();
    }

    private static String idText(Node n) {
        return n == null ? null : idText(n.value);
    }

    private static String idText(AcpiValue v) {
        if (v instanceof AcpiValue.IntegerValue i) {
            return EisaId.decode(i.value());
        }
        if (v instanceof AcpiValue.StringValue s) {
            return s.value();
        }
        return null;
    }
}
