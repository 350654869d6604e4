package aegis.hal.uefi.codec;

import aegis.hal.uefi.model.DevicePathNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decodes UEFI device paths into typed nodes and renders them in the text form of
 * {@code efibootmgr -v} (efibootmgr 17 with libefivar 37, as shipped by Debian 12), including that
 * version's quirks (for example its IPv4/IPv6 forms, and {@code AcpiPath}/{@code MediaPath}
 * showing only half of their bytes). Where that version fails or reads past a node, the rendering
 * here is a raw form instead; the bundle README lists those cases. Plain Java over bytes, stateless,
 * thread-safe.
 */
public final class DevicePaths {
    /** Node type: hardware. */
    public static final int HARDWARE = 1;
    /** Node type: ACPI. */
    public static final int ACPI = 2;
    /** Node type: messaging. */
    public static final int MESSAGING = 3;
    /** Node type: media. */
    public static final int MEDIA = 4;
    /** Node type: BIOS boot specification. */
    public static final int BBS = 5;
    /** Node type: end. */
    public static final int END = 0x7f;
    /** End sub-type: end of one instance of a multi-instance path. */
    public static final int END_INSTANCE = 0x01;
    /** End sub-type: end of the entire path. */
    public static final int END_ENTIRE = 0xff;

    private static final Map<UUID, String> MSG_VENDOR_LABELS = Map.of(
            UUID.fromString("e0c14753-f9be-11d2-9a0c-0090273fc14d"), "VenPcAnsi",
            UUID.fromString("dfa66065-b419-11d3-9a2d-0090273fc14d"), "VenVt100",
            UUID.fromString("7baec70b-57e0-4c76-8e87-2f9e28088343"), "VenVt100Plus",
            UUID.fromString("ad15a0d6-8bec-4acf-a073-d01de77e2d88"), "VenUtf8",
            UUID.fromString("eba4e8d2-3858-41ec-a281-2647ba9660d0"), "DebugPort");
    private static final UUID UART_FLOW_CONTROL = UUID.fromString("37499a9d-542f-4c89-a026-35da142094e4");
    private static final UUID SAS = UUID.fromString("d487ddb4-008b-11d9-afdc-001083ffca4d");
    private static final Map<UUID, String> RAMDISK_LABELS = Map.of(
            UUID.fromString("77ab535a-45fc-624b-5560-f7b281d1f96e"), "VirtualDisk",
            UUID.fromString("3d5abd30-4175-87ce-6d64-d2ade523c4bb"), "VirtualCD",
            UUID.fromString("5cea02c9-4d07-69d3-269f-4496fbe096f9"), "PersistentVirtualDisk",
            UUID.fromString("08018188-42cd-bb48-100f-5387d53ded3d"), "PersistentVirtualCD");

    private DevicePaths() {
    }

    /**
     * Decodes a device path list (one or more instances, each closed by an end node).
     *
     * @param b   the bytes
     * @param off where the list starts
     * @param len the length of the list in bytes
     * @return the nodes in order, end nodes included
     * @throws EfiFormatException if a node header does not fit, a node is shorter than its 4-byte
     *                            header or runs past the list; the offset is relative to {@code b}
     */
    public static List<DevicePathNode> decode(byte[] b, int off, int len) throws EfiFormatException {
        Le.need(b, off, len, "device path");
        List<DevicePathNode> nodes = new ArrayList<>();
        int end = off + len;
        int p = off;
        while (p < end) {
            if (end - p < 4) {
                throw new EfiFormatException("device path", p,
                        "node header needs 4 bytes, only " + (end - p) + " left in the list");
            }
            int type = Le.u8(b, p);
            int sub = Le.u8(b, p + 1);
            int nlen = Le.u16(b, p + 2);
            if (nlen < 4) {
                throw new EfiFormatException("device path", p, "node length " + nlen + " is shorter than its header");
            }
            if (nlen > end - p) {
                throw new EfiFormatException("device path", p,
                        "node length " + nlen + " runs past the list (" + (end - p) + " bytes left)");
            }
            nodes.add(new DevicePathNode(type, sub, typeName(type), formatNode(b, p, nlen), Le.hex(b, p + 4, nlen - 4)));
            p += nlen;
        }
        return nodes;
    }

    /**
     * Decodes a whole byte array as a device path list.
     *
     * @param b the bytes
     * @return the nodes
     * @throws EfiFormatException as {@link #decode(byte[], int, int)}
     */
    public static List<DevicePathNode> decode(byte[] b) throws EfiFormatException {
        return decode(b, 0, b.length);
    }

    /**
     * Renders nodes as {@code efibootmgr -v} does: joined by {@code /}, stopping at the first end
     * node after the first node (libefivar 37 stops at an end-of-instance node too).
     *
     * @param nodes decoded nodes
     * @return the text, empty for an empty path
     */
    public static String format(List<DevicePathNode> nodes) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (DevicePathNode n : nodes) {
            if (!first) {
                if (n.isEnd()) {
                    break;
                }
                sb.append('/');
            }
            first = false;
            sb.append(n.text());
        }
        return sb.toString();
    }

    /**
     * @param type a node type
     * @return its name: {@code HARDWARE}, {@code ACPI}, {@code MESSAGING}, {@code MEDIA},
     *         {@code BBS}, {@code END} or {@code UNKNOWN}
     */
    public static String typeName(int type) {
        return switch (type) {
            case HARDWARE -> "HARDWARE";
            case ACPI -> "ACPI";
            case MESSAGING -> "MESSAGING";
            case MEDIA -> "MEDIA";
            case BBS -> "BBS";
            case END -> "END";
            default -> "UNKNOWN";
        };
    }

    // ---- node text -------------------------------------------------------------------------

    /** Renders one node that lies entirely within {@code b}; never throws. */
    static String formatNode(byte[] b, int p, int nlen) {
        int type = Le.u8(b, p);
        int sub = Le.u8(b, p + 1);
        int dlen = nlen - 4;
        int d = p + 4;
        String s = switch (type) {
            case HARDWARE -> hardware(b, d, dlen, sub);
            case ACPI -> acpi(b, d, dlen, sub);
            case MESSAGING -> messaging(b, d, dlen, sub);
            case MEDIA -> media(b, d, dlen, sub);
            case BBS -> bbs(b, d, dlen, sub);
            case END -> sub == END_INSTANCE ? "," : "";
            default -> null;
        };
        return s != null ? s : "Path(" + type + "," + sub + "," + Le.hex(b, d, dlen) + ")";
    }

    private static String hardware(byte[] b, int d, int n, int sub) {
        switch (sub) {
            case 1:
                return n < 2 ? null : "Pci(0x" + hx(Le.u8(b, d + 1)) + ",0x" + hx(Le.u8(b, d)) + ")";
            case 2:
                return n < 1 ? null : "PcCard(0x" + hx(Le.u8(b, d)) + ")";
            case 3:
                return n < 20 ? null : "MemoryMapped(" + (int) Le.u32(b, d) + ",0x" + hx(Le.u64(b, d + 4))
                        + ",0x" + hx(Le.u64(b, d + 12)) + ")";
            case 4:
                return n < 16 ? null : vendor("VenHw", b, d, n);
            case 5:
                return n < 4 ? null : "Ctrl(0x" + hx(Le.u32(b, d)) + ")";
            case 6:
                return n < 9 ? null : "BMC(" + Le.u8(b, d) + ",0x" + hx(Le.u64(b, d + 1)) + ")";
            default:
                return "HardwarePath(" + sub + "," + Le.hex(b, d, n) + ")";
        }
    }

    private static String acpi(byte[] b, int d, int n, int sub) {
        if (sub == 3) {
            if (n < 4) {
                return null;
            }
            StringBuilder sb = new StringBuilder("AcpiAdr(");
            for (int i = 0; i + 4 <= n; i += 4) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("0x").append(hx(Le.u32(b, d + i)));
            }
            return sb.append(')').toString();
        }
        if (sub == 1) {
            if (n < 8) {
                return null;
            }
            long hid = Le.u32(b, d);
            long uid = Le.u32(b, d + 4);
            return switch ((int) hid) {
                case 0x0a0341d0 -> "PciRoot(0x" + hx(uid) + ")";
                case 0x0a0841d0 -> "PcieRoot(0x" + hx(uid) + ")";
                case 0x0a0541d0, 0x0a0641d0 -> "AcpiContainer()";
                case 0x060441d0 -> "Floppy(0x" + hx(uid) + ")";
                case 0x030141d0 -> "Keyboard(0x" + hx(uid) + ")";
                case 0x050141d0 -> "Serial(0x" + hx(uid) + ")";
                default -> String.format("Acpi(0x%08x,0x%s)", hid, hx(uid));
            };
        }
        if (sub == 2) {
            if (n < 12) {
                return null;
            }
            long hid = Le.u32(b, d);
            long cid = Le.u32(b, d + 8);
            int limit = n - 12;
            int hs = d + 12;
            int hidLen = cstrlen(b, hs, limit);
            String hidStr = ascii(b, hs, hidLen);
            limit -= hidLen + 1;
            String uidStr = null;
            String cidStr = null;
            int us = hs + hidLen + 1;
            int uidLen = 0;
            if (limit > 0) {
                uidLen = cstrlen(b, us, limit);
                uidStr = ascii(b, us, uidLen);
                limit -= uidLen + 1;
            }
            if (limit > 0) {
                int cs = us + uidLen + 1;
                cidStr = ascii(b, cs, cstrlen(b, cs, limit));
            }
            if (uidStr == null) {
                return "";
            }
            switch ((int) hid) {
                case 0x0a0341d0:
                    return "PciRoot(" + uidStr + ")";
                case 0x0a0541d0:
                case 0x0a0641d0:
                    return "AcpiContainer(" + uidStr + ")";
                case 0x0a0841d0:
                    return "PcieRoot(" + uidStr + ")";
                default:
                    return "AcpiEx(" + hidStr + "," + (cidStr != null ? cidStr : "0x" + hx(cid)) + "," + uidStr + ")";
            }
        }
        // libefivar 37 shows only half of the bytes here
        return "AcpiPath(" + sub + "," + Le.hex(b, d, n / 2) + ")";
    }

    private static String messaging(byte[] b, int d, int n, int sub) {
        switch (sub) {
            case 1:
                return n < 4 ? null : "Ata(" + Le.u8(b, d) + "," + Le.u8(b, d + 1) + "," + Le.u16(b, d + 2) + ")";
            case 2:
                return n < 4 ? null : "SCSI(" + Le.u16(b, d) + "," + Le.u16(b, d + 2) + ")";
            case 3:
                return n < 20 ? null : "Fibre(" + hx(Le.u64(b, d + 4)) + "," + hx(Le.u64(b, d + 12)) + ")";
            case 21:
                return n < 20 ? null : "Fibre(" + hx(Le.u64be(b, d + 4)) + "," + hx(Le.u64be(b, d + 12)) + ")";
            case 4:
                return n < 12 ? null : "I1394(0x" + hx(Le.u64(b, d + 4)) + ")";
            case 5:
                return n < 2 ? null : "USB(" + Le.u8(b, d) + "," + Le.u8(b, d + 1) + ")";
            case 6:
                return n < 4 ? null : "I2O(" + (int) Le.u32(b, d) + ")";
            case 9:
                return n < 44 ? null : infiniband(b, d);
            case 10:
                return n < 16 ? null : messagingVendor(b, d, n);
            case 11: {
                if (n < 33) {
                    return null;
                }
                int ifType = Le.u8(b, d + 32);
                return "MAC(" + Le.hex(b, d, ifType < 2 ? 6 : 32) + "," + ifType + ")";
            }
            case 12:
                return n < 15 ? null : "IPv4(" + ipv4(b, d, Le.u16(b, d + 8)) + ipv4(b, d + 4, Le.u16(b, d + 10))
                        + "," + hx(Le.u16(b, d + 12)) + "," + hx(Le.u8(b, d + 14)) + ")";
            case 13:
                return n < 39 ? null : ipv6Node(b, d);
            case 14:
                return n < 15 ? null : uart(b, d);
            case 15:
                return n < 7 ? null : usbClass(b, d);
            case 16: {
                if (n < 6) {
                    return null;
                }
                int limit = (n - 6) / 2;
                return "UsbWwid(" + hx(Le.u16(b, d + 2)) + "," + hx(Le.u16(b, d + 4)) + "," + Le.u16(b, d) + ","
                        + ucs2Prefix(b, d + 6, limit) + ")";
            }
            case 17:
                return n < 1 ? null : "Unit(" + Le.u8(b, d) + ")";
            case 18:
                return n < 6 ? null : "Sata(" + Le.u16(b, d) + "," + Le.u16(b, d + 2) + "," + Le.u16(b, d + 4) + ")";
            case 20:
                return n < 2 ? null : "Vlan(" + Le.u16(b, d) + ")";
            case 23:
                return n < 12 ? null : String.format("NVMe(0x%s,%02X-%02X-%02X-%02X-%02X-%02X-%02X-%02X)",
                        hx(Le.u32(b, d)), b[d + 4], b[d + 5], b[d + 6], b[d + 7], b[d + 8], b[d + 9], b[d + 10], b[d + 11]);
            case 24:
                return "Uri(" + ascii(b, d, cstrlen(b, d, n)) + ")";
            case 25:
                return n < 2 ? null : String.format("UFS(%d,0x%02x)", Le.u8(b, d), Le.u8(b, d + 1));
            case 26:
                return n < 1 ? null : "SD(" + Le.u8(b, d) + ")";
            case 27:
                return n < 6 ? null : "Bluetooth(" + hexSep(b, d, 6) + ")";
            case 28:
                return n < 32 ? null : "Wi-Fi(" + hexSep(b, d, 32) + ")";
            case 29:
                return n < 1 ? null : "eMMC(" + Le.u8(b, d) + ")";
            case 30:
                return n < 7 ? null : "BluetoothLE(" + hexSep(b, d, 6) + "," + Le.u8(b, d + 6) + ")";
            case 31: {
                if (n < 1) {
                    return null;
                }
                boolean v6 = Le.u8(b, d) != 0;
                StringBuilder sb = new StringBuilder("Dns(");
                for (int i = 0; (i + 1) * 16 <= n - 1; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    int a = d + 1 + 16 * i;
                    sb.append(v6 ? ipv6(b, a, -1) : ipv4(b, a, 0));
                }
                return sb.append(')').toString();
            }
            case 32:
                return n < 16 ? null : "NVDIMM(" + Guids.readUnchecked(b, d) + ")";
            default:
                // iSCSI (19) and SAS Ex (22) included: efibootmgr 17 renders them unreliably
                return "Msg(" + sub + "," + Le.hex(b, d, n) + ")";
        }
    }

    private static String media(byte[] b, int d, int n, int sub) {
        switch (sub) {
            case 1: {
                if (n < 38) {
                    return null;
                }
                StringBuilder sb = new StringBuilder("HD(").append((int) Le.u32(b, d)).append(',');
                int sigType = Le.u8(b, d + 37);
                String range = ",0x" + hx(Le.u64(b, d + 4)) + ",0x" + hx(Le.u64(b, d + 12)) + ")";
                if (sigType == 1) {
                    sb.append("MBR,0x").append(hx(Le.u32(b, d + 20)));
                } else if (sigType == 2) {
                    sb.append("GPT,").append(Guids.readUnchecked(b, d + 20));
                } else {
                    sb.append(sigType).append(',').append(Le.hex(b, d + 20, 16));
                }
                return sb.append(range).toString();
            }
            case 2:
                return n < 20 ? null : "CDROM(" + (int) Le.u32(b, d) + ",0x" + hx(Le.u64(b, d + 4)) + ",0x"
                        + hx(Le.u64(b, d + 12)) + ")";
            case 3:
                return n < 16 ? null : vendor("VenMedia", b, d, n);
            case 4:
                return "File(" + ucs2Prefix(b, d, n / 2) + ")";
            case 5:
                return n < 16 ? null : "Media(" + Guids.readUnchecked(b, d) + ")";
            case 6:
                return n < 16 ? null : "FvFile(" + Guids.readUnchecked(b, d) + ")";
            case 7:
                return n < 16 ? null : "FvVol(" + Guids.readUnchecked(b, d) + ")";
            case 8:
                return n < 20 ? null : "Offset(0x" + hx(Le.u64(b, d + 4)) + ",0x" + hx(Le.u64(b, d + 12)) + ")";
            case 9: {
                if (n < 34) {
                    return null;
                }
                UUID t = Guids.readUnchecked(b, d + 16);
                String range = "0x" + hx(Le.u64(b, d)) + ",0x" + hx(Le.u64(b, d + 8)) + "," + Le.u16(b, d + 32);
                String label = RAMDISK_LABELS.get(t);
                return label != null ? label + "(" + range + ")" : "Ramdisk(" + range + "," + t + ")";
            }
            default:
                // libefivar 37 shows only half of the bytes here
                return "MediaPath(" + sub + "," + Le.hex(b, d, n / 2) + ")";
        }
    }

    private static String bbs(byte[] b, int d, int n, int sub) {
        if (sub != 1) {
            return "BbsPath(" + sub + "," + Le.hex(b, d, n) + ")";
        }
        if (n < 4) {
            return null;
        }
        int devType = Le.u16(b, d);
        int status = Le.u16(b, d + 2);
        String desc = ascii(b, d + 4, cstrlen(b, d + 4, n - 4));
        String[] types = {"", "Floppy", "HD", "CDROM", "PCMCIA", "USB", "Network"};
        String t = devType > 0 && devType < 7 ? types[devType] : Integer.toString(devType);
        return "BBS(" + t + "," + desc + ",0x" + hx(status) + ")";
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static String vendor(String label, byte[] b, int d, int n) {
        String s = label + "(" + Guids.readUnchecked(b, d);
        if (n > 16) {
            s += "," + Le.hex(b, d + 16, n - 16);
        }
        return s + ")";
    }

    private static String messagingVendor(byte[] b, int d, int n) {
        UUID g = Guids.readUnchecked(b, d);
        String label = MSG_VENDOR_LABELS.get(g);
        if (label != null) {
            return label + "(" + (n > 16 ? Le.hex(b, d + 16, n - 16) : "") + ")";
        }
        if (g.equals(UART_FLOW_CONTROL) && n >= 20) {
            long v = Le.u32(b, d + 16);
            String[] labels = {"None", "Hardware", "XonXoff"};
            return "UartFlowControl(" + (v > 2 ? Integer.toString((int) v) : labels[(int) v]) + ")";
        }
        if (g.equals(SAS) && n >= 40 && (Le.u8(b, d + 36) & 0x0f) == 0) {
            // SAS without topology information (the only form checked against efibootmgr)
            return "SAS(" + hx(Le.u64(b, d + 20)) + "," + hx(Le.u64(b, d + 28)) + "," + hx(Le.u16(b, d + 38))
                    + ",NoTopology)";
        }
        return vendor("VenMsg", b, d, n);
    }

    private static String infiniband(byte[] b, int d) {
        if ((Le.u32(b, d) & 1) != 0) {
            return String.format("Infiniband(%08x,%s%s,%s,%s,%s)", Le.u32(b, d), hx(Le.u64(b, d + 12)),
                    hx(Le.u64(b, d + 4)), hx(Le.u64(b, d + 20)), Long.toUnsignedString(Le.u64(b, d + 28)),
                    Long.toUnsignedString(Le.u64(b, d + 36)));
        }
        return String.format("Infiniband(%08x,%s%s,", Le.u32(b, d), hx(Le.u64(b, d + 12)), hx(Le.u64(b, d + 4)))
                + Guids.readUnchecked(b, d + 20) + "," + Long.toUnsignedString(Le.u64(b, d + 28)) + ","
                + Long.toUnsignedString(Le.u64(b, d + 36)) + ")";
    }

    private static String uart(byte[] b, int d) {
        long baud = Le.u64(b, d + 4);
        int bits = Le.u8(b, d + 12);
        int parity = Le.u8(b, d + 13);
        int stop = Le.u8(b, d + 14);
        String[] sb = {"D", "1", "1.5", "2"};
        return "Uart(" + Long.toUnsignedString(baud != 0 ? baud : 115200) + "," + (bits != 0 ? bits : 8) + ","
                + (parity > 5 ? Integer.toString(parity) : String.valueOf("DNEOMS".charAt(parity))) + ","
                + (stop > 3 ? Integer.toString(stop) : sb[stop]) + ")";
    }

    private static String usbClass(byte[] b, int d) {
        int vid = Le.u16(b, d);
        int pid = Le.u16(b, d + 2);
        int cls = Le.u8(b, d + 4);
        int subClass = Le.u8(b, d + 5);
        int proto = Le.u8(b, d + 6);
        String label = switch (cls) {
            case 1 -> "UsbAudio";
            case 2 -> "UsbCDCControl";
            case 3 -> "UsbHID";
            case 6 -> "UsbImage";
            case 7 -> "UsbPrinter";
            case 8 -> "UsbMassStorage";
            case 9 -> "UsbHub";
            case 10 -> "UsbCDCData";
            case 11 -> "UsbSmartCard";
            case 14 -> "UsbVideo";
            case 0xdc -> "UsbDiagnostic";
            case 0xe0 -> "UsbWireless";
            default -> null;
        };
        if (label != null) {
            return label + "(0x" + hx(vid) + ",0x" + hx(pid) + "," + subClass + "," + proto + ")";
        }
        if (cls == 0xfe) {
            String l = switch (subClass) {
                case 1 -> "UsbDeviceFirmwareUpdate";
                case 2 -> "UsbIrdaBridge";
                case 3 -> "UsbTestAndMeasurement";
                default -> null;
            };
            // libefivar 37 prints nothing for other sub-classes of class 254
            return l == null ? "" : l + "(0x" + hx(vid) + ",0x" + hx(pid) + "," + proto + ")";
        }
        return "UsbClass(" + hx(vid) + "," + hx(pid) + "," + subClass + "," + proto + ")";
    }

    private static String ipv4(byte[] b, int a, int port) {
        String s = Le.u8(b, a) + "." + Le.u8(b, a + 1) + "." + Le.u8(b, a + 2) + "." + Le.u8(b, a + 3);
        return port > 0 ? s + ":" + port : s;
    }

    /** IPv6 node as libefivar 37 prints it: both addresses cut to the length of the remote one, less one. */
    private static String ipv6Node(byte[] b, int d) {
        String local = ipv6(b, d, Le.u16(b, d + 32));
        String remote = ipv6(b, d + 16, Le.u16(b, d + 34));
        int keep = remote.length() - 1;
        return "IPv6(" + local.substring(0, Math.min(local.length(), keep)) + "<->" + remote.substring(0, keep) + ","
                + hx(Le.u16(b, d + 36)) + "," + hx(Le.u8(b, d + 38)) + ")";
    }

    /** IPv6 address in libefivar 37's form: 16-bit groups read little-endian, its zero-run rules. */
    private static String ipv6(byte[] b, int a, int port) {
        int[] ip = new int[8];
        for (int i = 0; i < 8; i++) {
            ip[i] = Le.u16(b, a + 2 * i);
        }
        int largestSize = 0;
        int largestOff = -1;
        int thisSize = 0;
        int thisOff = -1;
        boolean inZero = false;
        for (int i = 0; i < 8; i++) {
            if (ip[i] != 0 && inZero && thisSize > largestSize) {
                largestSize = thisSize;
                largestOff = thisOff;
                thisSize = 0;
                thisOff = -1;
                inZero = false;
            }
            if (ip[i] == 0) {
                if (!inZero) {
                    inZero = true;
                    thisOff = i;
                }
                thisSize++;
            }
        }
        if (thisSize > largestSize) {
            largestSize = thisSize;
            largestOff = thisOff;
        }
        if (largestSize == 1) {
            largestOff = -1;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            if (largestOff == i) {
                sb.append("::");
                i += largestSize - 1;
                continue;
            } else if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(ip[i]));
        }
        sb.append(']');
        if (port >= 0) {
            sb.append(':').append(port);
        }
        return sb.toString();
    }

    private static String hexSep(byte[] b, int d, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Le.hex(b, d + i, 1));
        }
        return sb.toString();
    }

    /**
     * UCS-2 text of a field of {@code limit} code units as libefivar 37 shows it: at most
     * {@code limit - 1} units, stopping at a NUL.
     */
    static String ucs2Prefix(byte[] b, int d, int limit) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < limit - 1; i++) {
            char c = (char) Le.u16(b, d + 2 * i);
            if (c == 0) {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static int cstrlen(byte[] b, int d, int limit) {
        int i = 0;
        while (i < limit && b[d + i] != 0) {
            i++;
        }
        return i;
    }

    private static String ascii(byte[] b, int d, int n) {
        return new String(b, d, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String hx(long v) {
        return Long.toHexString(v);
    }
}
