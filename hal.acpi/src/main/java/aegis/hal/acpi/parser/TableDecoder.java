package aegis.hal.acpi.parser;

import aegis.hal.acpi.AcpiTable;
import aegis.hal.acpi.AcpiTableHeader;
import aegis.hal.acpi.Bgrt;
import aegis.hal.acpi.Facs;
import aegis.hal.acpi.Fadt;
import aegis.hal.acpi.GenericAddress;
import aegis.hal.acpi.Hpet;
import aegis.hal.acpi.Madt;
import aegis.hal.acpi.MadtEntry;
import aegis.hal.acpi.Mcfg;
import aegis.hal.acpi.TableBody;
import aegis.hal.acpi.TableField;
import aegis.hal.acpi.Waet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates and decodes ACPI tables: signature, length against the bytes, checksum, the common
 * header, and the bodies of FADT, MADT, MCFG, HPET, FACS, BGRT and WAET in the field layout of
 * {@code iasl -d}. Never throws on bad bytes: what is wrong is listed in
 * {@link AcpiTable#problems()}, each naming the table and byte offset, and the table is still
 * returned. Stateless and thread-safe.
 */
public final class TableDecoder {
    private static final int FADT_V1_SIZE = 116;
    private static final int FADT_V2_SIZE = 132;
    private static final int FADT_V3_SIZE = 244;
    private static final int FADT_V5_SIZE = 268;

    private TableDecoder() {
    }

    /**
     * @param bytes table bytes
     * @return the sum of all bytes modulo 256 (0 for a valid table)
     */
    public static int checksum(byte[] bytes) {
        return checksum(bytes, bytes.length);
    }

    private static int checksum(byte[] bytes, int len) {
        int sum = 0;
        for (int i = 0; i < len; i++) {
            sum += bytes[i];
        }
        return sum & 0xFF;
    }

    /**
     * Validates and decodes one table.
     *
     * @param name  the table's name relative to the tables directory ({@code DSDT},
     *              {@code SSDT1}, {@code dynamic/SSDT2}); the part before any digits of its last
     *              segment should equal the signature
     * @param bytes the table's bytes (not modified, not kept)
     * @return the table, with its problems listed; never {@code null}
     */
    public static AcpiTable decode(String name, byte[] bytes) {
        List<String> problems = new ArrayList<>();
        String fileSig = name.substring(name.lastIndexOf('/') + 1).replaceAll("[0-9]+$", "");
        if (bytes.length < 8) {
            problems.add(name + " at offset 0x0: truncated: " + bytes.length
                    + " bytes, too short for a signature and a length (8 bytes)");
            String sig = FieldReader.text(bytes, 0, Math.min(4, bytes.length));
            return new AcpiTable(name, bytes, new AcpiTableHeader(sig, 0, 0, 0, "", "", 0, "", 0), false, problems,
                    List.of(), null);
        }
        String sig = FieldReader.ascii(bytes, 0, 4);
        if (!sig.matches("[A-Z0-9_]{4}")) {
            problems.add(name + " at offset 0x0: invalid signature '" + printable(sig)
                    + "' (expected 4 of A-Z, 0-9, _)");
        } else if (fileSig.length() == 4 && !fileSig.equals(sig)) {
            problems.add(name + " at offset 0x0: signature '" + sig + "' does not match the file name");
        }
        long length = new FieldReader(bytes, bytes.length, 0).peek(4, 4);
        boolean facs = "FACS".equals(sig);
        int headerSize = facs ? 8 : AcpiTableHeader.SIZE;
        if (length != bytes.length) {
            problems.add(name + " at offset 0x4: length field says " + length + " bytes but the file has "
                    + bytes.length);
        }
        if (length < headerSize) {
            problems.add(name + " at offset 0x4: length " + length + " is shorter than the header (" + headerSize
                    + " bytes)");
        }
        int limit = (int) Math.min(length, bytes.length);
        boolean checksumOk = true;
        if (!facs && bytes.length >= 10) {
            int sumLen = length >= headerSize ? limit : bytes.length;
            int sum = checksum(bytes, sumLen);
            checksumOk = sum == 0;
            if (!checksumOk) {
                int stored = bytes[9] & 0xFF;
                problems.add(name + " at offset 0x9: wrong checksum: bytes 0.." + (sumLen - 1) + " sum to 0x"
                        + FieldReader.hex(sum, 2) + ", not 0 (stored 0x" + FieldReader.hex(stored, 2) + ", expected 0x"
                        + FieldReader.hex((stored - sum) & 0xFF, 2) + ")");
            }
        }
        FieldReader r = new FieldReader(bytes, Math.max(limit, Math.min(headerSize, bytes.length)), 0);
        AcpiTableHeader header;
        TableBody body = null;
        try {
            header = facs ? facsHeader(r) : header(r);
        } catch (FieldReader.Truncated e) {
            problems.add(name + " at offset 0x" + Integer.toHexString(e.offset) + ": truncated header: " + e.getMessage());
            header = partialHeader(bytes);
            return new AcpiTable(name, bytes, header, checksumOk, problems, r.fields(), null);
        }
        FieldReader br = new FieldReader(bytes, limit, r.pos());
        br.fields().addAll(r.fields());
        try {
            body = switch (sig) {
                case "FACP" -> fadt(br, header);
                case "APIC" -> madt(br, name, problems);
                case "MCFG" -> mcfg(br);
                case "HPET" -> hpet(br);
                case "FACS" -> facs(br);
                case "BGRT" -> bgrt(br);
                case "WAET" -> waet(br);
                default -> null;
            };
        } catch (FieldReader.Truncated e) {
            problems.add(name + " at offset 0x" + Integer.toHexString(e.offset) + ": truncated " + sig + ": "
                    + e.getMessage());
        }
        return new AcpiTable(name, bytes, header, checksumOk, problems, br.fields(), body);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }

    private static AcpiTableHeader header(FieldReader r) throws FieldReader.Truncated {
        String sig = r.str("Signature", 4);
        long len = r.num("Table Length", 4);
        int rev = (int) r.num("Revision", 1);
        int sum = (int) r.num("Checksum", 1);
        String oem = r.str("Oem ID", 6);
        String oemTable = r.str("Oem Table ID", 8);
        long oemRev = r.num("Oem Revision", 4);
        String creator = r.str("Asl Compiler ID", 4);
        long creatorRev = r.num("Asl Compiler Revision", 4);
        return new AcpiTableHeader(sig, len, rev, sum, oem, oemTable, oemRev, creator, creatorRev);
    }

    private static AcpiTableHeader facsHeader(FieldReader r) throws FieldReader.Truncated {
        String sig = r.str("Signature", 4);
        long len = r.num("Length", 4);
        return new AcpiTableHeader(sig, len, 0, 0, "", "", 0, "", 0);
    }

    private static AcpiTableHeader partialHeader(byte[] b) {
        FieldReader r = new FieldReader(b, b.length, 0);
        int n = b.length;
        return new AcpiTableHeader(FieldReader.text(b, 0, Math.min(4, n)), n >= 8 ? r.peek(4, 4) : 0,
                n > 8 ? b[8] & 0xFF : 0, n > 9 ? b[9] & 0xFF : 0, n >= 16 ? FieldReader.text(b, 10, 6) : "",
                n >= 24 ? FieldReader.text(b, 16, 8) : "", n >= 28 ? r.peek(24, 4) : 0,
                n >= 32 ? FieldReader.text(b, 28, 4) : "", n >= 36 ? r.peek(32, 4) : 0);
    }

    private static Fadt fadt(FieldReader r, AcpiTableHeader h) throws FieldReader.Truncated {
        int len = r.limit();
        long facs = r.num("FACS Address", 4);
        long dsdt = r.num("DSDT Address", 4);
        r.num("Model", 1);
        int profile = (int) r.num("PM Profile", 1, v -> Fadt.pmProfileName((int) v));
        int sci = (int) r.num("SCI Interrupt", 2);
        long smi = r.num("SMI Command Port", 4);
        int enable = (int) r.num("ACPI Enable Value", 1);
        int disable = (int) r.num("ACPI Disable Value", 1);
        r.num("S4BIOS Command", 1);
        r.num("P-State Control", 1);
        long pm1a = r.num("PM1A Event Block Address", 4);
        long pm1b = r.num("PM1B Event Block Address", 4);
        long pm1ac = r.num("PM1A Control Block Address", 4);
        long pm1bc = r.num("PM1B Control Block Address", 4);
        long pm2c = r.num("PM2 Control Block Address", 4);
        long pmt = r.num("PM Timer Block Address", 4);
        long gpe0 = r.num("GPE0 Block Address", 4);
        long gpe1 = r.num("GPE1 Block Address", 4);
        int pm1Len = (int) r.num("PM1 Event Block Length", 1);
        int pm1cLen = (int) r.num("PM1 Control Block Length", 1);
        int pm2Len = (int) r.num("PM2 Control Block Length", 1);
        int pmtLen = (int) r.num("PM Timer Block Length", 1);
        int gpe0Len = (int) r.num("GPE0 Block Length", 1);
        int gpe1Len = (int) r.num("GPE1 Block Length", 1);
        int gpe1Base = (int) r.num("GPE1 Base Offset", 1);
        r.num("_CST Support", 1);
        r.num("C2 Latency", 2);
        r.num("C3 Latency", 2);
        r.num("CPU Cache Size", 2);
        r.num("Cache Flush Stride", 2);
        r.num("Duty Cycle Offset", 1);
        r.num("Duty Cycle Width", 1);
        r.num("RTC Day Alarm Index", 1);
        r.num("RTC Month Alarm Index", 1);
        r.num("RTC Century Index", 1);
        int boot = (int) r.num("Boot Flags (decoded below)", 2);
        String[] bootBits = {"Legacy Devices Supported (V2)", "8042 Present on ports 60/64 (V2)",
            "VGA Not Present (V4)", "MSI Not Supported (V4)", "PCIe ASPM Not Supported (V4)",
            "CMOS RTC Not Present (V5)"};
        for (int i = 0; i < bootBits.length; i++) {
            r.bit(bootBits[i], boot, i, 1);
        }
        r.num("Reserved", 1);
        long flags = r.num("Flags (decoded below)", 4);
        String[] flagBits = {"WBINVD instruction is operational (V1)", "WBINVD flushes all caches (V1)",
            "All CPUs support C1 (V1)", "C2 works on MP system (V1)", "Control Method Power Button (V1)",
            "Control Method Sleep Button (V1)", "RTC wake not in fixed reg space (V1)",
            "RTC can wake system from S4 (V1)", "32-bit PM Timer (V1)", "Docking Supported (V1)",
            "Reset Register Supported (V2)", "Sealed Case (V3)", "Headless - No Video (V3)",
            "Use native instr after SLP_TYPx (V3)", "PCIEXP_WAK Bits Supported (V4)", "Use Platform Timer (V4)",
            "RTC_STS valid on S4 wake (V4)", "Remote Power-on capable (V4)", "Use APIC Cluster Model (V4)",
            "Use APIC Physical Destination Mode (V4)", "Hardware Reduced (V5)", "Low Power S0 Idle (V5)"};
        for (int i = 0; i < flagBits.length; i++) {
            r.bit(flagBits[i], flags, i, 1);
        }
        Optional<GenericAddress> reset = Optional.empty();
        int resetValue = 0;
        int armFlags = 0;
        int minor = 0;
        long xFacs = 0;
        long xDsdt = 0;
        GenericAddress[] x = new GenericAddress[8];
        Optional<GenericAddress> sleepControl = Optional.empty();
        Optional<GenericAddress> sleepStatus = Optional.empty();
        Optional<Long> hypervisor = Optional.empty();
        if (len > FADT_V1_SIZE && len <= FADT_V2_SIZE) {
            reset = Optional.of(r.gas("Reset Register"));
            resetValue = (int) r.num("Value to cause reset", 1);
            r.num("Reserved", 3);
        } else if (len > FADT_V2_SIZE) {
            reset = Optional.of(r.gas("Reset Register"));
            resetValue = (int) r.num("Value to cause reset", 1);
            armFlags = (int) r.num("ARM Flags (decoded below)", 2);
            r.bit("PSCI Compliant", armFlags, 0, 1);
            r.bit("Must use HVC for PSCI", armFlags, 1, 1);
            minor = (int) r.num("FADT Minor Revision", 1);
            xFacs = r.num("FACS Address", 8);
            xDsdt = r.num("DSDT Address", 8);
            String[] names = {"PM1A Event Block", "PM1B Event Block", "PM1A Control Block", "PM1B Control Block",
                "PM2 Control Block", "PM Timer Block", "GPE0 Block", "GPE1 Block"};
            for (int i = 0; i < names.length; i++) {
                x[i] = r.gas(names[i]);
            }
            if (len > FADT_V3_SIZE) {
                sleepControl = Optional.of(r.gas("Sleep Control Register"));
                sleepStatus = Optional.of(r.gas("Sleep Status Register"));
            }
            if (len > FADT_V5_SIZE) {
                hypervisor = Optional.of(r.num("Hypervisor ID", 8));
            }
        }
        return new Fadt(h.revision(), minor, facs, dsdt, xFacs, xDsdt, profile, sci, smi, enable, disable,
                block(x[0], pm1a, pm1Len), block(x[1], pm1b, pm1Len), block(x[2], pm1ac, pm1cLen),
                block(x[3], pm1bc, pm1cLen), block(x[4], pm2c, pm2Len), block(x[5], pmt, pmtLen),
                block(x[6], gpe0, gpe0Len), block(x[7], gpe1, gpe1Len), gpe1Base, boot, flags, reset, resetValue,
                armFlags, sleepControl, sleepStatus, hypervisor);
    }

    private static GenericAddress block(GenericAddress extended, long legacy, int lengthBytes) {
        if (extended != null && extended.address() != 0) {
            return extended;
        }
        return new GenericAddress(1, legacy == 0 ? 0 : lengthBytes * 8, 0, 0, legacy);
    }

    private static String madtType(long t) {
        return switch ((int) t) {
            case 0 -> "Processor Local APIC";
            case 1 -> "I/O APIC";
            case 2 -> "Interrupt Source Override";
            case 3 -> "NMI Source";
            case 4 -> "Local APIC NMI";
            case 5 -> "Local APIC Address Override";
            case 6 -> "I/O SAPIC";
            case 7 -> "Local SAPIC";
            case 8 -> "Platform Interrupt Sources";
            case 9 -> "Processor Local x2APIC";
            case 10 -> "Local x2APIC NMI";
            case 11 -> "Generic Interrupt Controller";
            case 12 -> "Generic Interrupt Distributor";
            case 13 -> "Generic MSI Frame";
            case 14 -> "Generic Interrupt Redistributor";
            case 15 -> "Generic Interrupt Translator";
            default -> "Unknown Subtable Type";
        };
    }

    private static Madt madt(FieldReader r, String name, List<String> problems) throws FieldReader.Truncated {
        long lapic = r.num("Local Apic Address", 4);
        long flags = r.num("Flags (decoded below)", 4);
        r.bit("PC-AT Compatibility", flags, 0, 1);
        List<MadtEntry> entries = new ArrayList<>();
        while (r.pos() < r.limit()) {
            int off = r.pos();
            if (r.limit() - off < 2) {
                problems.add(name + " at offset 0x" + Integer.toHexString(off) + ": " + (r.limit() - off)
                        + " stray byte(s) after the last subtable");
                break;
            }
            int type = (int) r.num("Subtable Type", 1, TableDecoder::madtType);
            int len = (int) r.num("Length", 1);
            if (len < 2 || len > r.limit() - off) {
                problems.add(name + " at offset 0x" + Integer.toHexString(off + 1) + ": subtable of type " + type
                        + " has length " + len + ", " + (len < 2 ? "less than its own header" : "past the end of the table"));
                break;
            }
            FieldReader s = new FieldReader(bytesOf(r), off + len, off + 2);
            try {
                entries.add(madtEntry(s, type, off, len));
                r.fields().addAll(s.fields());
            } catch (FieldReader.Truncated e) {
                problems.add(name + " at offset 0x" + Integer.toHexString(e.offset) + ": subtable of type " + type
                        + " at 0x" + Integer.toHexString(off) + " is too short (" + len + " bytes): " + e.getMessage());
            }
            r.seek(off + len);
        }
        return new Madt(lapic, flags, entries);
    }

    private static byte[] bytesOf(FieldReader r) {
        return r.bytes();
    }

    private static void inti(FieldReader s, long flags) {
        s.bit("Polarity", flags, 0, 2);
        s.bit("Trigger Mode", flags, 2, 2);
    }

    private static MadtEntry madtEntry(FieldReader s, int type, int off, int len) throws FieldReader.Truncated {
        switch (type) {
            case 0 -> {
                int pid = (int) s.num("Processor ID", 1);
                int aid = (int) s.num("Local Apic ID", 1);
                long f = s.num("Flags (decoded below)", 4);
                s.bit("Processor Enabled", f, 0, 1);
                s.bit("Runtime Online Capable", f, 1, 1);
                return new MadtEntry.LocalApic(off, pid, aid, f);
            }
            case 1 -> {
                int id = (int) s.num("I/O Apic ID", 1);
                s.num("Reserved", 1);
                long addr = s.num("Address", 4);
                long gsi = s.num("Interrupt", 4);
                return new MadtEntry.IoApic(off, id, addr, gsi);
            }
            case 2 -> {
                int bus = (int) s.num("Bus", 1);
                int src = (int) s.num("Source", 1);
                long gsi = s.num("Interrupt", 4);
                int f = (int) s.num("Flags (decoded below)", 2);
                inti(s, f);
                return new MadtEntry.InterruptSourceOverride(off, bus, src, gsi, f);
            }
            case 3 -> {
                int f = (int) s.num("Flags (decoded below)", 2);
                inti(s, f);
                long gsi = s.num("Interrupt", 4);
                return new MadtEntry.NmiSource(off, f, gsi);
            }
            case 4 -> {
                int pid = (int) s.num("Processor ID", 1);
                int f = (int) s.num("Flags (decoded below)", 2);
                inti(s, f);
                int lint = (int) s.num("Interrupt Input LINT", 1);
                return new MadtEntry.LocalApicNmi(off, pid, f, lint);
            }
            case 5 -> {
                s.num("Reserved", 2);
                return new MadtEntry.LocalApicAddressOverride(off, s.num("APIC Address", 8));
            }
            case 9 -> {
                s.num("Reserved", 2);
                long id = s.num("Processor x2Apic ID", 4);
                long f = s.num("Flags (decoded below)", 4);
                s.bit("Processor Enabled", f, 0, 1);
                long uid = s.num("Processor UID", 4);
                return new MadtEntry.LocalX2Apic(off, id, f, uid);
            }
            case 10 -> {
                int f = (int) s.num("Flags (decoded below)", 2);
                inti(s, f);
                long uid = s.num("Processor UID", 4);
                int lint = (int) s.num("Interrupt Input LINT", 1);
                s.num("Reserved", 3);
                return new MadtEntry.LocalX2ApicNmi(off, f, uid, lint);
            }
            default -> {
                StringBuilder hex = new StringBuilder();
                byte[] b = s.bytes();
                for (int i = off; i < off + len; i++) {
                    hex.append(i == off ? "" : " ").append(FieldReader.hex(b[i] & 0xFF, 2));
                }
                return new MadtEntry.Raw(off, type, len, hex.toString());
            }
        }
    }

    private static Mcfg mcfg(FieldReader r) throws FieldReader.Truncated {
        r.num("Reserved", 8);
        List<Mcfg.Segment> segs = new ArrayList<>();
        while (r.pos() < r.limit()) {
            long base = r.num("Base Address", 8);
            int seg = (int) r.num("Segment Group Number", 2);
            int start = (int) r.num("Start Bus Number", 1);
            int end = (int) r.num("End Bus Number", 1);
            r.num("Reserved", 4);
            segs.add(new Mcfg.Segment(base, seg, start, end));
        }
        return new Mcfg(segs);
    }

    private static Hpet hpet(FieldReader r) throws FieldReader.Truncated {
        long id = r.num("Hardware Block ID", 4);
        GenericAddress a = r.gas("Timer Block Register");
        int seq = (int) r.num("Sequence Number", 1);
        int ticks = (int) r.num("Minimum Clock Ticks", 2);
        int f = (int) r.num("Flags (decoded below)", 1);
        r.bit("4K Page Protect", f, 0, 1);
        r.bit("64K Page Protect", f, 1, 1);
        return new Hpet(id, a, seq, ticks, f);
    }

    private static Facs facs(FieldReader r) throws FieldReader.Truncated {
        long hw = r.num("Hardware Signature", 4);
        long wake = r.num("32 Firmware Waking Vector", 4);
        long lock = r.num("Global Lock", 4);
        long f = r.num("Flags (decoded below)", 4);
        r.bit("S4BIOS Support Present", f, 0, 1);
        r.bit("64-bit Wake Supported (V2)", f, 1, 1);
        long xwake = r.num("64 Firmware Waking Vector", 8);
        int version = (int) r.num("Version", 1);
        r.num("Reserved", 3);
        long ospm = r.num("OspmFlags (decoded below)", 4);
        r.bit("64-bit Wake Env Required (V2)", ospm, 0, 1);
        return new Facs(hw, wake, lock, f, xwake, version, ospm);
    }

    private static Bgrt bgrt(FieldReader r) throws FieldReader.Truncated {
        int version = (int) r.num("Version", 2);
        int status = (int) r.num("Status (decoded below)", 1);
        r.bit("Displayed", status, 0, 1);
        r.bit("Orientation Offset", status, 1, 2);
        int type = (int) r.num("Image Type", 1);
        long addr = r.num("Image Address", 8);
        long x = r.num("Image OffsetX", 4);
        long y = r.num("Image OffsetY", 4);
        return new Bgrt(version, status, type, addr, x, y);
    }

    private static Waet waet(FieldReader r) throws FieldReader.Truncated {
        long f = r.num("Flags (decoded below)", 4);
        r.bit("RTC needs no INT ack", f, 0, 1);
        r.bit("PM timer, one read only", f, 1, 1);
        return new Waet(f);
    }

    /**
     * Formats decoded fields the way {@code iasl -d} prints them ({@code [offset length] name : value}).
     *
     * @param fields fields from {@link AcpiTable#fields()}
     * @return the text, one field per line
     */
    public static String format(List<TableField> fields) {
        StringBuilder sb = new StringBuilder();
        for (TableField f : fields) {
            if (f.isFlagBit()) {
                sb.append(String.format("%44s : %s%n", f.name(), f.value()));
            } else {
                sb.append(String.format("[%03Xh %04d %3d] %28s : %s%n", f.offset(), f.offset(), f.length(), f.name(),
                        f.value()));
            }
        }
        return sb.toString();
    }
}
