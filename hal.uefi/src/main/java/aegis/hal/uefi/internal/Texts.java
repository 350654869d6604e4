package aegis.hal.uefi.internal;

import aegis.hal.uefi.codec.EfiVariables.Content;
import aegis.hal.uefi.codec.LoadOptions;
import aegis.hal.uefi.model.BootEntry;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.EfiVariable;
import aegis.hal.uefi.model.SecureBootState;
import aegis.hal.uefi.model.SignatureDatabase;
import aegis.hal.uefi.model.SignatureEntry;
import aegis.hal.uefi.model.SignatureList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The text forms of the shell: efibootmgr -v, mokutil --sb-state, a variable table. Stateless. */
final class Texts {
    private Texts() {
    }

    /** The output of {@code efibootmgr -v} for a snapshot (lines end with a newline). */
    static String efibootmgr(BootManager bm) {
        StringBuilder sb = new StringBuilder();
        bm.bootNext().ifPresent(n -> sb.append(String.format("BootNext: %04X\n", n)));
        bm.bootCurrent().ifPresent(n -> sb.append(String.format("BootCurrent: %04X\n", n)));
        bm.timeout().ifPresent(n -> sb.append("Timeout: ").append(n).append(" seconds\n"));
        if (!bm.bootOrderSet()) {
            sb.append("No BootOrder is set; firmware will attempt recovery\n");
        } else if (!bm.bootOrder().isEmpty()) {
            sb.append("BootOrder: ")
                    .append(bm.bootOrder().stream().map(n -> String.format("%04X", n)).collect(Collectors.joining(",")))
                    .append('\n');
        }
        for (BootEntry e : bm.entries()) {
            if (e.option().isPresent()) {
                sb.append(LoadOptions.efibootmgrLine(e.name(), e.option().get())).append('\n');
            } else {
                sb.append(e.name()).append("   <bad entry: ").append(e.error().orElse("?")).append(">\n");
            }
        }
        return sb.toString();
    }

    /**
     * The lines of {@code mokutil --sb-state} (mokutil 0.6.0): its stdout, and its stderr message
     * when it cannot tell.
     */
    static List<String> sbStateLines(Optional<Content> secureBoot, Optional<Content> setupMode, boolean shimOff) {
        List<String> out = new ArrayList<>();
        if (secureBoot.isEmpty()) {
            out.add("This system doesn't support Secure Boot");
            return out;
        }
        byte[] sb = secureBoot.get().data();
        if (sb.length != 1) {
            out.add("Strange data size " + sb.length + " for \"SecureBoot\" variable");
        }
        if (setupMode.isEmpty()) {
            out.add("Failed to read \"SetupMode\" variable: No such file or directory");
            return out;
        }
        byte[] sm = setupMode.get().data();
        if (sm.length != 1) {
            out.add("Strange data size " + sm.length + " for \"SetupMode\" variable");
            return out;
        }
        if (sb.length != 1) {
            return out;
        }
        if (sm[0] == 1) {
            out.add("SecureBoot disabled");
            out.add("Platform is in Setup Mode");
        } else if (sb[0] == 1) {
            out.add("SecureBoot enabled");
            if (shimOff) {
                out.add("SecureBoot validation is disabled in shim");
            }
        } else if (sb[0] == 0) {
            out.add("SecureBoot disabled");
        } else {
            out.add("Cannot determine secure boot state.");
        }
        return out;
    }

    /** mokutil's lines followed by one line per key database. */
    static String secureBoot(SecureBootState s) {
        StringBuilder sb = new StringBuilder();
        s.summary().forEach(l -> sb.append(l).append('\n'));
        for (SignatureDatabase db : s.databases()) {
            sb.append(db.name()).append(": ");
            if (!db.present()) {
                sb.append("not set\n");
                continue;
            }
            if (db.error().isPresent()) {
                sb.append("undecodable (").append(db.error().get()).append(")\n");
                continue;
            }
            sb.append(db.count()).append(db.count() == 1 ? " signature" : " signatures");
            sb.append(" in ").append(db.lists().size()).append(db.lists().size() == 1 ? " list\n" : " lists\n");
            for (SignatureList l : db.lists()) {
                for (SignatureEntry e : l.entries()) {
                    sb.append("  ").append(l.typeName().orElse(l.type().toString())).append(' ')
                            .append(e.x509Subject().map(x -> x + " sha256:").orElse("sha256:")).append(e.sha256())
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** A table of variables. */
    static String variables(List<EfiVariable> vars) {
        StringBuilder sb = new StringBuilder(String.format("%-28s %-36s %6s  %s\n", "NAME", "VENDOR", "SIZE", "ATTRIBUTES"));
        for (EfiVariable v : vars) {
            sb.append(String.format("%-28s %-36s %6d  %s\n", v.name(), v.vendorName().orElse(v.vendor().toString()),
                    v.size(), String.join(",", v.attributeNames())));
        }
        return sb.toString();
    }
}
