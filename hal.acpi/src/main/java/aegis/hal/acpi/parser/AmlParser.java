package aegis.hal.acpi.parser;

import aegis.hal.acpi.AcpiNamespace;
import aegis.hal.acpi.AcpiObjectType;
import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.AcpiTableHeader;
import aegis.hal.acpi.AcpiValue;
import aegis.hal.acpi.GenericAddress;
import aegis.hal.acpi.parser.NamespaceBuilder.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the AML of definition blocks (DSDT, SSDT) into the ACPI namespace, without executing
 * anything: named objects and scopes are created as the tables declare them; method bodies and
 * module-level {@code If}/{@code Else}/{@code While} blocks are skipped by their encoded package
 * lengths; expressions in argument positions are parsed (so the parser stays in sync) and
 * evaluated only when they are constants or names of integer constants.
 *
 * <p>Bad AML (truncation, a package length past its enclosing scope, an unknown opcode, nesting
 * deeper than {@link #MAX_DEPTH}, more than {@link #MAX_NODES} objects) gives an
 * {@link AcpiFormatException} naming the table and byte offset. {@link #load(List)} records it
 * and goes on after the enclosing scope; {@link #parse(String, byte[])} throws it. Work is
 * linear in the input: every step consumes bytes. Stateless and thread-safe.
 */
public final class AmlParser {
    /** The deepest nesting of scopes, packages and expressions accepted. */
    public static final int MAX_DEPTH = 256;
    /** The most namespace objects one load creates. */
    public static final int MAX_NODES = 200_000;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final NamespaceBuilder ns;
    private final String table;
    private final byte[] b;
    private final boolean strict;
    private int pos;

    private AmlParser(NamespaceBuilder ns, String table, byte[] b, boolean strict) {
        this.ns = ns;
        this.table = table;
        this.b = b;
        this.strict = strict;
    }

    /**
     * Builds the namespace from every definition block among the tables (signatures DSDT, SSDT,
     * PSDT; the DSDT first, the others in the given order). A table with bad AML keeps the objects
     * parsed before the problem; the problem is in {@link AcpiNamespace#problems()}. Without any
     * definition block the namespace holds only the predefined objects and no devices.
     *
     * @param tables tables as decoded by {@link TableDecoder}
     * @return the namespace; never {@code null}
     */
    public static AcpiNamespace load(List<AcpiTable> tables) {
        NamespaceBuilder ns = new NamespaceBuilder(MAX_NODES);
        List<AcpiTable> blocks = new ArrayList<>();
        for (AcpiTable t : tables) {
            if (t.signature().equals("DSDT")) {
                blocks.add(0, t);
                ns.integers32 = t.header().revision() < 2;
            }
        }
        for (AcpiTable t : tables) {
            String s = t.signature();
            if (s.equals("SSDT") || s.equals("PSDT")) {
                blocks.add(t);
            }
        }
        for (AcpiTable t : blocks) {
            try {
                new AmlParser(ns, t.name(), t.bytes(), false).definitionBlock();
            } catch (AcpiFormatException e) {
                ns.problems.add(e.getMessage());
            }
        }
        return ns.build(!blocks.isEmpty());
    }

    /**
     * Parses one definition block on its own, failing on the first bad byte.
     *
     * @param name  the table's name, for messages
     * @param table the table's bytes, header included
     * @return the namespace it declares (with the predefined objects); semantic problems such as
     *         duplicate names are in {@link AcpiNamespace#problems()}
     * @throws AcpiFormatException if the bytes are not a well-formed definition block
     */
    public static AcpiNamespace parse(String name, byte[] table) throws AcpiFormatException {
        NamespaceBuilder ns = new NamespaceBuilder(MAX_NODES);
        ns.integers32 = table.length > 8 && table[8] < 2;
        new AmlParser(ns, name, table, true).definitionBlock();
        return ns.build();
    }

    private void definitionBlock() throws AcpiFormatException {
        if (b.length < AcpiTableHeader.SIZE) {
            throw error(0, "truncated: " + b.length + " bytes, a definition block header needs " + AcpiTableHeader.SIZE);
        }
        long len = (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8 | (b[6] & 0xFFL) << 16 | (b[7] & 0xFFL) << 24;
        if (len < AcpiTableHeader.SIZE || len > b.length) {
            throw error(4, "table length " + len + " is outside 36.." + b.length + " (the bytes present)");
        }
        pos = AcpiTableHeader.SIZE;
        termList((int) len, ns.root, 0);
    }

    private AcpiFormatException error(int at, String what) {
        return new AcpiFormatException(table, at, what);
    }

    private void problem(int at, String what) {
        ns.problems.add(new AcpiFormatException(table, at, what).getMessage());
    }

    // ---- bytes -------------------------------------------------------------------------------

    private int u8(int end) throws AcpiFormatException {
        if (pos >= end) {
            throw error(pos, "unexpected end of " + (end == b.length ? "table" : "enclosing package at 0x" + Integer.toHexString(end)));
        }
        return b[pos++] & 0xFF;
    }

    private long uN(int n, int end) throws AcpiFormatException {
        if (end - pos < n) {
            throw error(pos, n + "-byte value runs past the end of the enclosing package at 0x" + Integer.toHexString(end));
        }
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[pos + i] & 0xFF);
        }
        pos += n;
        return v;
    }

    /** Reads a PkgLength and returns the absolute end of the package, checked against {@code end}. */
    private int pkgEnd(int end) throws AcpiFormatException {
        int start = pos;
        long len = pkgLengthValue(end);
        long pkgEnd = start + len;
        if (len < pos - start) {
            throw error(start, "package length " + len + " is shorter than its own encoding");
        }
        if (pkgEnd > end) {
            throw error(start, "package length " + len + " ends at 0x" + Long.toHexString(pkgEnd)
                    + ", past the end of the enclosing scope at 0x" + Integer.toHexString(end));
        }
        return (int) pkgEnd;
    }

    private long pkgLengthValue(int end) throws AcpiFormatException {
        int lead = u8(end);
        int follow = lead >>> 6;
        if (follow == 0) {
            return lead & 0x3F;
        }
        if ((lead & 0x30) != 0) {
            throw error(pos - 1, "package length lead byte 0x" + Integer.toHexString(lead) + " has reserved bits 4-5 set");
        }
        long len = lead & 0x0F;
        for (int i = 0; i < follow; i++) {
            len |= (long) u8(end) << (4 + 8 * i);
        }
        return len;
    }

    // ---- names -------------------------------------------------------------------------------

    /** A name string: absolute or with {@code parents} carets, then segments (empty for NullName). */
    private record NamePath(boolean absolute, int parents, List<String> segs) {
        @Override
        public String toString() {
            return (absolute ? "\\" : "^".repeat(parents)) + String.join(".", segs);
        }
    }

    private static boolean isLeadChar(int c) {
        return c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isNameStart(int c) {
        return isLeadChar(c) || c == '\\' || c == '^' || c == 0x2E || c == 0x2F;
    }

    private NamePath nameString(int end) throws AcpiFormatException {
        boolean absolute = false;
        int parents = 0;
        int c = peek(end);
        if (c == '\\') {
            absolute = true;
            pos++;
        } else {
            while (peek(end) == '^') {
                pos++;
                parents++;
            }
        }
        int start = pos;
        int p = u8(end);
        List<String> segs;
        if (p == 0x00) {
            segs = List.of();
        } else if (p == 0x2E) {
            segs = List.of(nameSeg(end), nameSeg(end));
        } else if (p == 0x2F) {
            int n = u8(end);
            if (n == 0) {
                throw error(start, "multi-name path with 0 segments");
            }
            List<String> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(nameSeg(end));
            }
            segs = l;
        } else {
            pos--;
            segs = List.of(nameSeg(end));
        }
        return new NamePath(absolute, parents, segs);
    }

    private int peek(int end) throws AcpiFormatException {
        if (pos >= end) {
            throw error(pos, "unexpected end of the enclosing package at 0x" + Integer.toHexString(end));
        }
        return b[pos] & 0xFF;
    }

    private String nameSeg(int end) throws AcpiFormatException {
        if (end - pos < 4) {
            throw error(pos, "name segment runs past the end of the enclosing package at 0x" + Integer.toHexString(end));
        }
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int x = b[pos + i] & 0xFF;
            boolean ok = i == 0 ? isLeadChar(x) : isLeadChar(x) || x >= '0' && x <= '9';
            if (!ok) {
                throw error(pos + i, "invalid character 0x" + Integer.toHexString(x) + " in a name segment");
            }
            c[i] = (char) x;
        }
        pos += 4;
        return new String(c);
    }

    /** The scope a name string starts from ({@code \}, carets applied), or null if it climbs above the root. */
    private Node base(Node scope, NamePath n) {
        Node s = n.absolute ? ns.root : scope;
        for (int i = 0; i < n.parents; i++) {
            if (s.parent == null) {
                return null;
            }
            s = s.parent;
        }
        return s;
    }

    /** Finds an existing object, applying the upward search rule for single plain segments. */
    private Node lookup(Node scope, NamePath n) {
        if (n.segs.isEmpty()) {
            return null;
        }
        if (!n.absolute && n.parents == 0 && n.segs.size() == 1) {
            for (Node s = scope; s != null; s = s.parent) {
                Node c = s.children.get(n.segs.get(0));
                if (c != null) {
                    return c;
                }
            }
            return null;
        }
        Node s = base(scope, n);
        for (int i = 0; s != null && i < n.segs.size(); i++) {
            s = s.children.get(n.segs.get(i));
        }
        return s;
    }

    /** The parent scope in which a declared name goes, or null (with a problem) if its prefix does not exist. */
    private Node declaringScope(Node scope, NamePath n, int at) {
        Node s = base(scope, n);
        if (s == null) {
            problem(at, "name " + n + " climbs above the root");
            return null;
        }
        for (int i = 0; i < n.segs.size() - 1; i++) {
            Node c = s.children.get(n.segs.get(i));
            if (c == null) {
                problem(at, "cannot declare " + n + ": scope " + s.path() + " has no " + n.segs.get(i));
                return null;
            }
            s = c;
        }
        return s;
    }

    /** Declares a new object; null (with a problem) if the name is empty, exists or its scope is missing. */
    private Node declare(Node scope, NamePath n, AcpiObjectType type, int at) throws AcpiFormatException {
        if (n.segs.isEmpty()) {
            problem(at, "a " + type.acpicaName() + " with a null name");
            return null;
        }
        Node parent = declaringScope(scope, n, at);
        if (parent == null) {
            return null;
        }
        String last = n.segs.get(n.segs.size() - 1);
        Node existing = parent.children.get(last);
        if (existing != null) {
            problem(at, existing.path() + " already exists (" + existing.type.acpicaName() + ", defined in "
                    + (existing.table.isEmpty() ? "the interpreter" : existing.table + " at 0x" + Integer.toHexString(existing.offset))
                    + "); this " + type.acpicaName() + " is ignored");
            return null;
        }
        return ns.add(parent, last, type, table, at);
    }

    // ---- terms -------------------------------------------------------------------------------

    private void termList(int end, Node scope, int depth) throws AcpiFormatException {
        if (depth > MAX_DEPTH) {
            throw error(pos, "scopes nested deeper than " + MAX_DEPTH);
        }
        while (pos < end) {
            try {
                term(end, scope, depth);
            } catch (AcpiFormatException e) {
                if (strict || depth == 0) {
                    throw e;
                }
                ns.problems.add(e.getMessage() + "; skipped the rest of " + scope.path() + " up to 0x"
                        + Integer.toHexString(end));
                pos = end;
            }
        }
    }

    private void term(int end, Node scope, int depth) throws AcpiFormatException {
        int at = pos;
        int op = u8(end);
        switch (op) {
            case 0x08 -> { // Name
                NamePath n = nameString(end);
                Object v = dataRefObject(end, scope, depth + 1);
                AcpiValue value = toValue(v);
                AcpiObjectType type = typeOf(value);
                Node node = declare(scope, n, type, at);
                if (node != null) {
                    node.value = value;
                }
            }
            case 0x10 -> { // Scope
                int pe = pkgEnd(end);
                NamePath n = nameString(pe);
                Node target = n.segs.isEmpty() ? base(scope, n) : lookup(scope, n);
                if (target == null) {
                    problem(at, "Scope(" + n + "): no such object in " + scope.path() + "; its contents are skipped");
                    pos = pe;
                } else {
                    termList(pe, target, depth + 1);
                }
            }
            case 0x14 -> { // Method
                int pe = pkgEnd(end);
                NamePath n = nameString(pe);
                int flags = u8(pe);
                Node m = declare(scope, n, AcpiObjectType.METHOD, at);
                if (m != null) {
                    m.info.put("args", flags & 7);
                    m.info.put("serialized", (flags & 8) != 0);
                    m.info.put("syncLevel", flags >>> 4);
                    m.info.put("amlLength", pe - pos);
                }
                pos = pe; // bodies are never executed
            }
            case 0x15 -> { // External
                NamePath n = nameString(end);
                int type = u8(end);
                int args = u8(end);
                Node s = base(scope, n);
                if (s != null && !n.segs.isEmpty()) {
                    String path = s.path();
                    for (String seg : n.segs) {
                        path = path.equals("\\") ? "\\" + seg : path + "." + seg;
                    }
                    ns.externals.put(path, new NamespaceBuilder.External(path, type, args & 7));
                }
            }
            case 0x06 -> { // Alias
                NamePath source = nameString(end);
                NamePath alias = nameString(end);
                Node a = declare(scope, alias, AcpiObjectType.ALIAS, at);
                if (a != null) {
                    Node t = lookup(scope, source);
                    a.info.put("target", t != null ? t.path() : source.toString());
                }
            }
            case 0x8A, 0x8B, 0x8C, 0x8D, 0x8F -> createField(op, end, scope, depth, at);
            case 0xA0 -> moduleLevelIf(end, scope, depth, at);
            case 0xA1 -> pos = pkgEnd(end); // an Else without its If: nothing to run
            case 0xA2 -> { // module-level While: loops are never run
                pos = pkgEnd(end);
                problem(at, "module-level While not executed; objects declared in it are skipped");
            }
            case 0x5B -> extTerm(end, scope, depth, at);
            default -> {
                pos = at;
                termArg(end, scope, depth + 1); // a module-level expression: parsed, not executed
            }
        }
    }

    /**
     * A module-level If (and its Else): run like ACPICA runs a table, when the predicate is a
     * constant, a name of an integer, CondRefOf of a name, or LAnd/LOr/LNot/LEqual/LGreater/LLess
     * over those, evaluated against the objects created so far. Otherwise both branches are skipped
     * and the skip is listed as a problem. iasl's If (Zero) block of External declarations is read.
     */
    private void moduleLevelIf(int end, Node scope, int depth, int at) throws AcpiFormatException {
        int pe = pkgEnd(end);
        Long cond = predicate(pe, scope, depth + 1);
        if (cond != null && cond != 0) {
            termList(pe, scope, depth + 1);
        } else {
            while (cond != null && pos < pe && b[pos] == 0x15) {
                term(pe, scope, depth + 1);
            }
        }
        pos = pe;
        boolean hasElse = pos < end && (b[pos] & 0xFF) == 0xA1;
        if (hasElse) {
            pos++;
            int ee = pkgEnd(end);
            if (cond != null && cond == 0) {
                termList(ee, scope, depth + 1);
            }
            pos = ee;
        }
        if (cond == null) {
            problem(at, "module-level If not executed (its predicate is not a constant the parser can evaluate); "
                    + "objects declared in it" + (hasElse ? " and in its Else" : "") + " are skipped");
        }
    }

    /** Parses a predicate and evaluates it where it can; null when it cannot know the value. */
    private Long predicate(int end, Node scope, int depth) throws AcpiFormatException {
        if (depth > MAX_DEPTH) {
            throw error(pos, "expressions nested deeper than " + MAX_DEPTH);
        }
        int op = peek(end);
        if (op == 0x5B && pos + 1 < end && b[pos + 1] == 0x12) { // CondRefOf (name, target)
            pos += 2;
            Long found = null;
            if (isNameStart(peek(end))) {
                found = lookup(scope, nameString(end)) != null ? 1L : 0L;
            } else {
                termArg(end, scope, depth + 1);
            }
            superName(end, scope, depth + 1);
            return found;
        }
        switch (op) {
            case 0x92 -> {
                pos++;
                Long v = predicate(end, scope, depth + 1);
                return v == null ? null : v == 0 ? 1L : 0L;
            }
            case 0x90, 0x91, 0x93, 0x94, 0x95 -> {
                pos++;
                Long a = predicate(end, scope, depth + 1);
                Long c = predicate(end, scope, depth + 1);
                if (op == 0x90 && (a != null && a == 0 || c != null && c == 0)) {
                    return 0L;
                }
                if (op == 0x91 && (a != null && a != 0 || c != null && c != 0)) {
                    return 1L;
                }
                if (a == null || c == null) {
                    return null;
                }
                return switch (op) {
                    case 0x90 -> 1L;
                    case 0x91 -> 0L;
                    case 0x93 -> a.equals(c) ? 1L : 0L;
                    case 0x94 -> Long.compareUnsigned(a, c) > 0 ? 1L : 0L;
                    default -> Long.compareUnsigned(a, c) < 0 ? 1L : 0L;
                };
            }
            default -> {
                Long v = asLong(termArg(end, scope, depth));
                return v == null ? null : mask(v);
            }
        }
    }

    private void createField(int op, int end, Node scope, int depth, int at) throws AcpiFormatException {
        Object buffer = termArg(end, scope, depth + 1);
        Object index = termArg(end, scope, depth + 1);
        Object bits = null;
        if (op == 0x13) {
            bits = termArg(end, scope, depth + 1);
        }
        NamePath n = nameString(end);
        Node f = declare(scope, n, AcpiObjectType.BUFFER_FIELD, at);
        if (f == null) {
            return;
        }
        if (buffer instanceof Ref r) {
            f.info.put("buffer", r.node != null ? r.node.path() : r.name);
        }
        Long idx = asLong(index);
        int width = switch (op) {
            case 0x8A -> 32;
            case 0x8B -> 16;
            case 0x8C -> 8;
            case 0x8D -> 1;
            case 0x8F -> 64;
            default -> -1;
        };
        if (idx != null) {
            f.info.put("bitOffset", op == 0x8D || op == 0x13 ? idx : idx * 8);
        }
        Long len = op == 0x13 ? asLong(bits) : Long.valueOf(width);
        if (len != null) {
            f.info.put("bitLength", len);
        }
        // as ACPICA: CreateBitField and CreateField use byte access, the others their own width
        f.info.put("accessBytes", width > 8 ? width / 8 : 1);
    }

    private void extTerm(int end, Node scope, int depth, int at) throws AcpiFormatException {
        int op = u8(end);
        switch (op) {
            case 0x01 -> { // Mutex
                NamePath n = nameString(end);
                int sync = u8(end);
                Node m = declare(scope, n, AcpiObjectType.MUTEX, at);
                if (m != null) {
                    m.info.put("syncLevel", sync & 0x0F);
                }
            }
            case 0x02 -> declare(scope, nameString(end), AcpiObjectType.EVENT, at);
            case 0x13 -> createField(0x13, end, scope, depth, at);
            case 0x80 -> { // OperationRegion
                NamePath n = nameString(end);
                int space = u8(end);
                Long offset = asLong(termArg(end, scope, depth + 1));
                Long length = asLong(termArg(end, scope, depth + 1));
                Node r = declare(scope, n, AcpiObjectType.REGION, at);
                if (r != null) {
                    r.info.put("spaceId", space);
                    r.info.put("space", GenericAddress.spaceName(space));
                    if (offset != null) {
                        r.info.put("address", offset);
                    }
                    if (length != null) {
                        r.info.put("length", length);
                    }
                }
            }
            case 0x88 -> { // DataTableRegion
                NamePath n = nameString(end);
                termArg(end, scope, depth + 1);
                termArg(end, scope, depth + 1);
                termArg(end, scope, depth + 1);
                Node r = declare(scope, n, AcpiObjectType.REGION, at);
                if (r != null) {
                    r.info.put("spaceId", 0x80);
                    r.info.put("space", "DataTable");
                }
            }
            case 0x81 -> { // Field
                int pe = pkgEnd(end);
                NamePath region = nameString(pe);
                int flags = u8(pe);
                Node rn = lookup(scope, region);
                fieldList(pe, scope, AcpiObjectType.REGION_FIELD, flags,
                        java.util.Map.of("region", rn != null ? rn.name : region.toString()));
            }
            case 0x86 -> { // IndexField
                int pe = pkgEnd(end);
                NamePath index = nameString(pe);
                NamePath data = nameString(pe);
                int flags = u8(pe);
                Node in = lookup(scope, index);
                Node dn = lookup(scope, data);
                fieldList(pe, scope, AcpiObjectType.INDEX_FIELD, flags, java.util.Map.of(
                        "index", in != null ? in.name : index.toString(), "data", dn != null ? dn.name : data.toString()));
            }
            case 0x87 -> { // BankField
                int pe = pkgEnd(end);
                NamePath region = nameString(pe);
                NamePath bank = nameString(pe);
                Long bankValue = asLong(termArg(pe, scope, depth + 1));
                int flags = u8(pe);
                Node rn = lookup(scope, region);
                Node bn = lookup(scope, bank);
                java.util.Map<String, Object> base = new java.util.LinkedHashMap<>();
                base.put("region", rn != null ? rn.name : region.toString());
                base.put("bank", bn != null ? bn.name : bank.toString());
                if (bankValue != null) {
                    base.put("bankValue", bankValue);
                }
                fieldList(pe, scope, AcpiObjectType.BANK_FIELD, flags, base);
            }
            case 0x82, 0x83, 0x84, 0x85 -> { // Device, Processor, PowerResource, ThermalZone
                int pe = pkgEnd(end);
                NamePath n = nameString(pe);
                AcpiObjectType type = switch (op) {
                    case 0x82 -> AcpiObjectType.DEVICE;
                    case 0x83 -> AcpiObjectType.PROCESSOR;
                    case 0x84 -> AcpiObjectType.POWER_RESOURCE;
                    default -> AcpiObjectType.THERMAL_ZONE;
                };
                java.util.Map<String, Object> info = new java.util.LinkedHashMap<>();
                if (op == 0x83) {
                    info.put("procId", u8(pe));
                    info.put("pblkAddress", uN(4, pe));
                    info.put("pblkLength", u8(pe));
                } else if (op == 0x84) {
                    info.put("systemLevel", u8(pe));
                    info.put("resourceOrder", (int) uN(2, pe));
                }
                Node d = declare(scope, n, type, at);
                if (d == null) {
                    // keep the contents where ACPICA would: in the object that already holds the name
                    Node existing = lookupDeclared(scope, n);
                    if (existing != null && (existing.type.isDeviceLike() || existing.type == AcpiObjectType.SCOPE
                            || existing.type == AcpiObjectType.POWER_RESOURCE)) {
                        termList(pe, existing, depth + 1);
                    }
                    pos = pe;
                } else {
                    d.info.putAll(info);
                    termList(pe, d, depth + 1);
                }
            }
            default -> {
                pos = at;
                termArg(end, scope, depth + 1);
            }
        }
    }

    private Node lookupDeclared(Node scope, NamePath n) {
        if (n.segs.isEmpty()) {
            return null;
        }
        Node s = base(scope, n);
        for (int i = 0; s != null && i < n.segs.size(); i++) {
            s = s.children.get(n.segs.get(i));
        }
        return s;
    }

    private static int accessBytes(int accessType) {
        return switch (accessType & 0x0F) {
            case 2 -> 2;
            case 3 -> 4;
            case 4 -> 8;
            default -> 1;
        };
    }

    private void fieldList(int end, Node scope, AcpiObjectType type, int flags, java.util.Map<String, Object> base)
            throws AcpiFormatException {
        long bit = 0;
        int access = flags & 0x0F;
        if (access > 5) {
            throw error(pos - 1, "field access type " + access + " is not 0..5");
        }
        while (pos < end) {
            int at = pos;
            int c = b[pos] & 0xFF;
            switch (c) {
                case 0x00 -> {
                    pos++;
                    bit += pkgLengthValue(end);
                }
                case 0x01 -> {
                    pos++;
                    access = u8(end) & 0x0F;
                    u8(end);
                }
                case 0x02 -> {
                    pos++;
                    if (peek(end) == 0x11) {
                        termArg(end, scope, 1);
                    } else {
                        nameString(end);
                    }
                }
                case 0x03 -> {
                    pos++;
                    access = u8(end) & 0x0F;
                    u8(end);
                    u8(end);
                }
                default -> {
                    String seg = nameSeg(end);
                    long len = pkgLengthValue(end);
                    Node existing = scope.children.get(seg);
                    if (existing != null) {
                        problem(at, existing.path() + " already exists; this field unit is ignored");
                    } else {
                        Node f = ns.add(scope, seg, type, table, at);
                        f.info.putAll(base);
                        f.info.put("bitOffset", bit);
                        f.info.put("bitLength", len);
                        f.info.put("accessType", access);
                        f.info.put("accessBytes", accessBytes(access));
                    }
                    bit += len;
                }
            }
        }
    }

    // ---- data and expressions ----------------------------------------------------------------

    /** A name used as a value: what it resolved to at that point of the load, if anything. */
    private record Ref(String name, Node node) {
    }

    private Long asLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Ref r && r.node != null && r.node.value instanceof AcpiValue.IntegerValue i) {
            return i.value();
        }
        return null;
    }

    private long mask(long v) {
        return ns.integers32 ? v & 0xFFFFFFFFL : v;
    }

    private AcpiValue toValue(Object v) {
        if (v instanceof Long l) {
            return new AcpiValue.IntegerValue(mask(l));
        }
        if (v instanceof AcpiValue a) {
            return a;
        }
        if (v instanceof Ref r) {
            return new AcpiValue.Reference(r.node != null ? r.node.path() : r.name);
        }
        return new AcpiValue.Reference("(expression)");
    }

    private static AcpiObjectType typeOf(AcpiValue v) {
        if (v instanceof AcpiValue.IntegerValue) {
            return AcpiObjectType.INTEGER;
        }
        if (v instanceof AcpiValue.StringValue) {
            return AcpiObjectType.STRING;
        }
        if (v instanceof AcpiValue.BufferValue) {
            return AcpiObjectType.BUFFER;
        }
        if (v instanceof AcpiValue.PackageValue) {
            return AcpiObjectType.PACKAGE;
        }
        return AcpiObjectType.UNTYPED;
    }

    /** A DataRefObject (the value of a Name) or a package element: names here are references, never calls. */
    private Object dataRefObject(int end, Node scope, int depth) throws AcpiFormatException {
        int c = peek(end);
        if (isNameStart(c)) {
            NamePath n = nameString(end);
            return new Ref(n.toString(), lookup(scope, n));
        }
        return termArg(end, scope, depth);
    }

    /**
     * Parses one TermArg and returns its value when it is a constant: a Long, an AcpiValue
     * (string, buffer, package), a Ref for a name, or null for anything else.
     */
    private Object termArg(int end, Node scope, int depth) throws AcpiFormatException {
        if (depth > MAX_DEPTH) {
            throw error(pos, "expressions nested deeper than " + MAX_DEPTH);
        }
        int at = pos;
        int op = u8(end);
        switch (op) {
            case 0x00:
                return 0L;
            case 0x01:
                return 1L;
            case 0xFF:
                return ns.integers32 ? 0xFFFFFFFFL : -1L;
            case 0x0A:
                return uN(1, end);
            case 0x0B:
                return uN(2, end);
            case 0x0C:
                return uN(4, end);
            case 0x0E:
                return uN(8, end);
            case 0x0D: {
                int s = pos;
                while (pos < end && b[pos] != 0) {
                    if ((b[pos] & 0x80) != 0) {
                        throw error(pos, "non-ASCII byte 0x" + Integer.toHexString(b[pos] & 0xFF) + " in a string");
                    }
                    pos++;
                }
                if (pos >= end) {
                    throw error(s, "string without its terminating NUL before 0x" + Integer.toHexString(end));
                }
                String str = new String(b, s, pos - s, java.nio.charset.StandardCharsets.US_ASCII);
                pos++;
                return new AcpiValue.StringValue(str);
            }
            case 0x11:
                return buffer(end, scope, depth);
            case 0x12:
            case 0x13:
                return pkg(op, end, scope, depth);
            default:
                break;
        }
        if (op >= 0x60 && op <= 0x6E) {
            return null; // LocalX, ArgX
        }
        if (isNameStart(op)) {
            pos = at;
            NamePath n = nameString(end);
            Node node = lookup(scope, n);
            int args = methodArgs(scope, n, node);
            for (int i = 0; i < args; i++) {
                termArg(end, scope, depth + 1);
            }
            return args > 0 || node != null && node.type == AcpiObjectType.METHOD ? null : new Ref(n.toString(), node);
        }
        String sig;
        if (op == 0x5B) {
            int ext = u8(end);
            sig = switch (ext) {
                case 0x12 -> "SS";
                case 0x13 -> "TTTN";
                case 0x1F -> "TTTTTT";
                case 0x20 -> "NS";
                case 0x21, 0x22 -> "T";
                case 0x23 -> "SW";
                case 0x24, 0x26, 0x27, 0x2A -> "S";
                case 0x25 -> "ST";
                case 0x28, 0x29 -> "TS";
                case 0x30, 0x31, 0x33 -> "";
                case 0x32 -> "BDT";
                default -> throw error(at, "unknown or misplaced extended opcode 0x5B 0x" + Integer.toHexString(ext));
            };
        } else {
            sig = switch (op) {
                case 0x70, 0x80, 0x81, 0x82, 0x96, 0x97, 0x98, 0x99, 0x9D -> "TS";
                case 0x71, 0x75, 0x76, 0x87, 0x8E -> "S";
                case 0x72, 0x73, 0x74, 0x77, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x84, 0x85, 0x88, 0x9C -> "TTS";
                case 0x78 -> "TTSS";
                case 0x83, 0x92, 0xA4 -> "T";
                case 0x86 -> "ST";
                case 0x89 -> "TBTBTT";
                case 0x8A, 0x8B, 0x8C, 0x8D, 0x8F -> "TTN";
                case 0x90, 0x91, 0x93, 0x94, 0x95 -> "TT";
                case 0x9E -> "TTTS";
                case 0x9F, 0xA3, 0xA5, 0xCC -> "";
                default -> throw error(at, "unknown or misplaced opcode 0x" + Integer.toHexString(op));
            };
        }
        for (int i = 0; i < sig.length(); i++) {
            switch (sig.charAt(i)) {
                case 'T' -> termArg(end, scope, depth + 1);
                case 'S' -> superName(end, scope, depth + 1);
                case 'N' -> nameString(end);
                case 'B' -> u8(end);
                case 'W' -> uN(2, end);
                case 'D' -> uN(4, end);
                default -> throw new IllegalStateException("bad signature " + sig);
            }
        }
        return null;
    }

    private void superName(int end, Node scope, int depth) throws AcpiFormatException {
        int c = peek(end);
        if (c == 0x00) {
            pos++;
        } else if (isNameStart(c)) {
            nameString(end);
        } else {
            termArg(end, scope, depth);
        }
    }

    private int methodArgs(Node scope, NamePath n, Node node) {
        if (node != null) {
            return node.type == AcpiObjectType.METHOD && node.info.get("args") instanceof Integer a ? a : 0;
        }
        Node s = base(scope, n);
        if (s == null || n.segs.isEmpty()) {
            return 0;
        }
        if (!n.absolute && n.parents == 0 && n.segs.size() == 1) {
            for (Node x = s; x != null; x = x.parent) {
                NamespaceBuilder.External e = ns.externals.get(child(x.path(), n.segs.get(0)));
                if (e != null) {
                    return e.objectType() == 8 ? e.args() : 0;
                }
            }
            return 0;
        }
        String path = s.path();
        for (String seg : n.segs) {
            path = child(path, seg);
        }
        NamespaceBuilder.External e = ns.externals.get(path);
        return e != null && e.objectType() == 8 ? e.args() : 0;
    }

    private static String child(String path, String seg) {
        return path.equals("\\") ? "\\" + seg : path + "." + seg;
    }

    private AcpiValue buffer(int end, Node scope, int depth) throws AcpiFormatException {
        int pe = pkgEnd(end);
        Long size = asLong(termArg(pe, scope, depth + 1));
        int n = pe - pos;
        int keep = Math.min(n, AcpiValue.BufferValue.MAX_HEX_BYTES);
        char[] hex = new char[Math.max(0, keep * 3 - 1)];
        for (int i = 0; i < keep; i++) {
            int x = b[pos + i] & 0xFF;
            hex[i * 3] = HEX[x >>> 4];
            hex[i * 3 + 1] = HEX[x & 0x0F];
            if (i + 1 < keep) {
                hex[i * 3 + 2] = ' ';
            }
        }
        pos = pe;
        long len = size == null ? n : Math.max(size, n);
        return new AcpiValue.BufferValue(len, new String(hex));
    }

    private AcpiValue pkg(int op, int end, Node scope, int depth) throws AcpiFormatException {
        int pe = pkgEnd(end);
        Long count;
        if (op == 0x12) {
            count = (long) u8(pe);
        } else {
            count = asLong(termArg(pe, scope, depth + 1));
        }
        List<AcpiValue> elements = new ArrayList<>();
        while (pos < pe) {
            elements.add(toValue(dataRefObject(pe, scope, depth + 1)));
        }
        long declared = count == null ? elements.size() : count;
        return new AcpiValue.PackageValue(declared, elements);
    }
}
