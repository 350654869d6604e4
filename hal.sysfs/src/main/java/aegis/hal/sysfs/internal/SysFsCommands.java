package aegis.hal.sysfs.internal;

import aegis.hal.api.text.TextTable;
import java.util.List;
import java.util.Map;

import aegis.hal.api.error.HalException;
import aegis.hal.api.json.Json;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Subject;
import aegis.hal.sysfs.AttributeInfo;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.SysEntry;
import aegis.hal.sysfs.SysFs;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@code sys:} shell commands: the administrator's console. They act with the sysfs bundle's
 * own identity (trusted by the capability service), so they see and may write everything. Each
 * returns what it shows (text, or one JSON document with {@code --json}); an error is one line
 * {@code error: <CODE>: <message>} and changes nothing.
 *
 * <p>The service is bundle-scoped and refuses to be handed to an application bundle (one with a
 * principal that the capability service does not trust), so that an application cannot borrow the
 * console's identity by calling the command object; Gogo itself (no principal) gets it.
 */
@Component(service = Object.class, scope = ServiceScope.BUNDLE, property = { "osgi.command.scope=sys",
        "osgi.command.function=ls", "osgi.command.function=cat", "osgi.command.function=write",
        "osgi.command.function=tree", "osgi.command.function=find" })
public final class SysFsCommands {
    private static final String JSON_HELP = "print one JSON document instead of text";

    private final SysFs sysfs;

    /**
     * @param context      the component context (for the using bundle)
     * @param sysfs        the sysfs service, bound to this bundle
     * @param capabilities the capability service, if present
     * @throws IllegalStateException when the using bundle is an untrusted application
     */
    @Activate
    public SysFsCommands(ComponentContext context, @Reference SysFs sysfs,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) CapabilityService capabilities) {
        Bundle user = context.getUsingBundle();
        if (capabilities != null && user != null) {
            Subject s = capabilities.subject(user);
            if (!s.trusted() && s.principal().isPresent()) {
                throw new IllegalStateException("the sys: commands are the administrator's console; application "
                        + s.principal().get() + " (bundle " + user.getBundleId() + ") may not use them");
            }
        }
        this.sysfs = sysfs;
    }

    @Descriptor("list /sys/hal: type, mode, unit and name of each entry")
    public String ls(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        return ls(json, SysPaths.ROOT);
    }

    @Descriptor("list a directory of /sys/hal: type, mode, unit and name of each entry")
    public String ls(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json,
            @Descriptor("directory, e.g. /sys/hal/devices") String d) {
        try {
            List<SysEntry> entries = sysfs.list(d);
            if (json) {
                return Json.write(entries);
            }
            TextTable t = new TextTable("TYPE", "MODE", "UNIT", "NAME");
            for (SysEntry e : entries) {
                AttributeSpec s = e.spec();
                if (e.directory()) {
                    t.row("dir", "", "", e.name() + "/");
                } else {
                    t.row(s.type(), s.writable() ? "rw" : "r-", s.unit(), e.name());
                }
            }
            return t.toString();
        } catch (HalException e) {
            return error(e);
        }
    }

    @Descriptor("read an attribute live")
    public String cat(@Descriptor(JSON_HELP + " (spec and value)") @Parameter(names = { "-j", "--json" },
            presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("attribute path, e.g. /sys/hal/devices/cpu:0/state") String path) {
        try {
            if (json) {
                AttributeInfo info = sysfs.stat(path);
                return Json.write(info);
            }
            return sysfs.readText(path);
        } catch (HalException e) {
            return error(e);
        }
    }

    @Descriptor("write an attribute: parsed by its type, checked against its range or allowed values")
    public String write(@Descriptor(JSON_HELP + " (spec and new value)") @Parameter(names = { "-j", "--json" },
            presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("attribute path") String path, @Descriptor("the new value as text") String value) {
        try {
            sysfs.write(path, value);
            if (json) {
                return Json.write(sysfs.stat(path));
            }
            return path + " = " + sysfs.readText(path);
        } catch (HalException e) {
            return error(e);
        }
    }

    @Descriptor("read all of /sys/hal at once")
    public String tree(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        return tree(json, SysPaths.ROOT);
    }

    @Descriptor("read a whole subtree at once")
    public String tree(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json,
            @Descriptor("directory, e.g. /sys/hal/devices") String d) {
        try {
            Map<String, Object> t = sysfs.tree(d);
            if (json) {
                return Json.write(t);
            }
            StringBuilder sb = new StringBuilder();
            render(sb, t, "");
            return sb.toString();
        } catch (HalException e) {
            return error(e);
        }
    }

    @Descriptor("find attributes by glob: * and ? within a segment, ** across segments; relative globs start at /sys/hal")
    public String find(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor("glob, e.g. devices/*/state or /sys/hal/**/temp*") String glob) {
        try {
            List<String> found = sysfs.find(glob);
            return json ? Json.write(found) : String.join("\n", found);
        } catch (HalException e) {
            return error(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void render(StringBuilder sb, Map<String, Object> tree, String indent) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> sub) {
                sb.append(indent).append(e.getKey()).append("/\n");
                if (indent.length() < 512) {
                    render(sb, (Map<String, Object>) sub, indent + "  ");
                }
            } else {
                sb.append(indent).append(e.getKey()).append(" = ")
                        .append(e.getValue() == null ? "(unreadable)" : text(e.getValue())).append('\n');
            }
        }
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            return d == 0 ? "0" : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    static String error(HalException e) {
        return "error: " + e.code() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
    }
}
