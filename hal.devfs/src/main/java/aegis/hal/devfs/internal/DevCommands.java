package aegis.hal.devfs.internal;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.json.Json;
import aegis.hal.capability.api.Permission;
import aegis.hal.devfs.DevFs;
import aegis.hal.devfs.Handle;
import aegis.hal.devfs.NodeInfo;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code dev:} shell commands: the administrator's console, acting with the devfs bundle's own
 * (trusted) identity. Each returns what it shows; errors are one line {@code error: CODE: ...}.
 */
@Component(service = DevCommands.class, property = { "osgi.command.scope=dev", "osgi.command.function=ls",
        "osgi.command.function=stat", "osgi.command.function=read", "osgi.command.function=write" })
public final class DevCommands {
    /** The most bytes {@code dev:read} dumps at once. */
    static final int MAX_READ = 1 << 20;

    private final DevFs devfs;

    /** @param devfs this bundle's devfs */
    @Activate
    public DevCommands(@Reference DevFs devfs) {
        this.devfs = devfs;
    }

    @Descriptor("list device nodes below a directory (default /dev)")
    public String ls(@Descriptor("long listing: kind, device, driver, aliases") @Parameter(names = { "-l" },
            presentValue = "true", absentValue = "false") boolean longFormat,
            @Descriptor("print one JSON document") @Parameter(names = { "-j", "--json" }, presentValue = "true",
                    absentValue = "false") boolean json,
            @Descriptor("directory") String... dir) {
        List<NodeInfo> nodes = devfs.list(dir.length == 0 ? "/dev" : dir[0]);
        if (json) {
            return Json.write(nodes);
        }
        StringBuilder sb = new StringBuilder();
        for (NodeInfo n : nodes) {
            if (longFormat) {
                sb.append(n.kind() == aegis.hal.devfs.NodeKind.BLOCK ? 'b' : 'c').append(' ')
                        .append(String.format("%-28s %-22s %-14s %s", n.path(), n.deviceId(),
                                n.bound() ? n.driver() : "(unbound)", String.join(" ", n.aliases())).stripTrailing());
            } else {
                sb.append(n.path());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Descriptor("show a node: canonical path, device, kind, driver, aliases")
    public String stat(@Descriptor("print one JSON document") @Parameter(names = { "-j", "--json" },
            presentValue = "true", absentValue = "false") boolean json, @Descriptor("node path or alias") String path) {
        try {
            NodeInfo n = devfs.stat(path);
            if (json) {
                return Json.write(n);
            }
            return "path:    " + n.path() + "\ndevice:  " + n.deviceId() + "\nkind:    " + n.kind() + "\ndriver:  "
                    + (n.bound() ? n.driver() : "(unbound)") + "\naliases: " + String.join(" ", n.aliases()) + "\n";
        } catch (HalException e) {
            return error(e);
        }
    }

    @Descriptor("read bytes from a node and show them as a hex dump")
    public String read(@Descriptor("node path or alias") String path, @Descriptor("byte offset") long offset,
            @Descriptor("how many bytes (at most 1 MiB)") int length) {
        if (offset < 0 || length < 0 || length > MAX_READ) {
            return "error: INVALID_ARGUMENT: offset must be >= 0 and length 0.." + MAX_READ + "\n";
        }
        try (Handle h = devfs.open(path, Permission.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining()) {
                int n = h.read(offset + buf.position(), buf);
                if (n <= 0) {
                    break;
                }
            }
            buf.flip();
            byte[] data = new byte[buf.remaining()];
            buf.get(data);
            return hexdump(offset, data);
        } catch (HalException e) {
            return error(e);
        }
    }

    @Descriptor("write bytes given as hex to a node at an offset")
    public String write(@Descriptor("node path or alias") String path, @Descriptor("byte offset") long offset,
            @Descriptor("the bytes as hex, e.g. deadbeef") String hex) {
        byte[] data;
        try {
            data = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return "error: INVALID_ARGUMENT: '" + hex + "' is not an even number of hex digits\n";
        }
        if (offset < 0) {
            return "error: INVALID_ARGUMENT: offset must be >= 0\n";
        }
        try (Handle h = devfs.open(path, Permission.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            int total = 0;
            while (buf.hasRemaining()) {
                int n = h.write(offset + total, buf);
                if (n <= 0) {
                    throw new HalException(ErrorCode.IO, path + ": short write at " + (offset + total));
                }
                total += n;
            }
            return "wrote " + total + " byte(s) at " + offset + " to " + h.path() + "\n";
        } catch (HalException e) {
            return error(e);
        }
    }

    /** Formats like {@code xxd}: offset, 16 bytes in groups of two, printable ASCII. */
    static String hexdump(long base, byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.length; i += 16) {
            sb.append(String.format("%08x:", base + i));
            for (int j = 0; j < 16; j++) {
                if (j % 2 == 0) {
                    sb.append(' ');
                }
                sb.append(i + j < data.length ? String.format("%02x", data[i + j] & 0xff) : "  ");
            }
            sb.append("  ");
            for (int j = 0; j < 16 && i + j < data.length; j++) {
                int c = data[i + j] & 0xff;
                sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String error(HalException e) {
        return "error: " + e.code() + ": " + e.getMessage() + "\n";
    }
}
