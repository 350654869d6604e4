package aegis.hal.registry.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import aegis.hal.api.error.HalException;
import aegis.hal.api.json.Json;
import aegis.hal.api.registry.Candidate;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.DeviceRegistry;
import aegis.hal.api.registry.DriverInfo;
import aegis.hal.api.registry.Explanation;
import aegis.hal.api.registry.PowerReport;
import aegis.hal.api.registry.Transition;
import aegis.hal.api.text.TextTable;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code hal:} shell commands. Each returns what it shows: a text table, or one JSON document
 * with {@code --json}. Errors come back as text starting with {@code error:} and change nothing.
 */
// immediate: one instance for the runtime's life, so that the deploy folder's failed starts are
// watched from the registry's start on (Gogo would otherwise make and drop one per command)
@Component(service = RegistryCommands.class, immediate = true, property = { "osgi.command.scope=hal",
        "osgi.command.function=drivers", "osgi.command.function=devices", "osgi.command.function=tree",
        "osgi.command.function=why", "osgi.command.function=bind", "osgi.command.function=unbind",
        "osgi.command.function=rebind", "osgi.command.function=suspend", "osgi.command.function=resume",
        "osgi.command.function=quarantine", "osgi.command.function=events", "osgi.command.function=config", "osgi.command.function=await" })
public final class RegistryCommands {
    private static final String JSON_HELP = "print one JSON document instead of a table";

    private final DeviceRegistry registry;
    private final DeployProgress deploy;
    private final org.osgi.framework.BundleContext context;

    /**
     * @param context  the bundle context, to watch the deploy folder's bundles
     * @param registry the registry
     */
    @Activate
    public RegistryCommands(org.osgi.framework.BundleContext context, @Reference DeviceRegistry registry) {
        this.registry = registry;
        this.context = context;
        this.deploy = context == null ? null : new DeployProgress(context,
                sid -> registry.drivers().stream().anyMatch(d -> d.serviceId() == sid));
        if (deploy != null) {
            deploy.open();
        }
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        if (deploy != null) {
            deploy.close();
        }
    }

    @Descriptor("list drivers: name, service id, ranking, classes, bound devices, state")
    public String drivers(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        List<DriverInfo> list = registry.drivers();
        if (json) {
            return Json.write(list);
        }
        TextTable t = new TextTable("NAME", "SID", "RANK", "CLASSES", "BOUND", "BUNDLE", "STATE");
        for (DriverInfo d : list) {
            t.row(d.name(), d.serviceId(), d.ranking(), String.join(",", d.classes()), d.boundDevices(),
                    d.bundle() + " " + d.bundleVersion(), d.quarantined() ? "QUARANTINED: " + d.quarantineReason()
                            : d.consecutiveFailures() > 0 ? d.consecutiveFailures() + " failure(s)" : "ok");
        }
        return t.toString();
    }

    @Descriptor("list devices: id, class, state, driver, reason")
    public String devices(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json,
            @Descriptor("only devices of this class (e.g. BLOCK)") @Parameter(names = { "-c", "--class" },
                    absentValue = "") String deviceClass) {
        List<DeviceInfo> list = registry.devices().stream()
                .filter(d -> deviceClass.isEmpty() || d.deviceClass().equalsIgnoreCase(deviceClass)).toList();
        if (json) {
            return Json.write(list);
        }
        TextTable t = new TextTable("ID", "CLASS", "STATE", "DRIVER", "PROBE", "REASON");
        for (DeviceInfo d : list) {
            Long probe = d.timingsNanos().get("PROBING");
            t.row(d.id(), d.deviceClass(), d.state(), d.driver(), probe == null ? "" : millis(probe), d.reason());
        }
        return t.toString();
    }

    @Descriptor("show devices as a parent/child tree with state and driver")
    public String tree(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        List<DeviceInfo> list = registry.devices();
        Map<String, List<DeviceInfo>> children = new HashMap<>();
        List<DeviceInfo> roots = new ArrayList<>();
        Map<String, DeviceInfo> byId = new HashMap<>();
        list.forEach(d -> byId.put(d.id(), d));
        for (DeviceInfo d : list) {
            if (d.parentId().isEmpty() || !byId.containsKey(d.parentId())) {
                roots.add(d);
            } else {
                children.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d);
            }
        }
        roots.sort(Comparator.comparing(DeviceInfo::id));
        if (json) {
            List<Object> out = new ArrayList<>();
            for (DeviceInfo r : roots) {
                out.add(node(r, children, 0));
            }
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder();
        for (DeviceInfo r : roots) {
            render(sb, r, children, "", true, true);
        }
        return sb.toString();
    }

    private Map<String, Object> node(DeviceInfo d, Map<String, List<DeviceInfo>> children, int depth) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", d.id());
        m.put("class", d.deviceClass());
        m.put("state", d.state());
        m.put("driver", d.driver());
        List<Object> kids = new ArrayList<>();
        if (depth < 64) {
            for (DeviceInfo c : children.getOrDefault(d.id(), List.of())) {
                kids.add(node(c, children, depth + 1));
            }
        }
        m.put("children", kids);
        return m;
    }

    private void render(StringBuilder sb, DeviceInfo d, Map<String, List<DeviceInfo>> children, String prefix,
            boolean last, boolean root) {
        sb.append(prefix).append(root ? "" : last ? "`-- " : "|-- ").append(d.id()).append("  [").append(d.state())
                .append(d.driver().isEmpty() ? "" : " " + d.driver()).append("]\n");
        List<DeviceInfo> kids = children.getOrDefault(d.id(), List.of());
        String next = root ? "" : prefix + (last ? "    " : "|   ");
        for (int i = 0; i < kids.size(); i++) {
            if (next.length() < 256) {
                render(sb, kids.get(i), children, next, i == kids.size() - 1, false);
            }
        }
    }

    @Descriptor("explain a device's binding: every candidate with score, ranking, service id, and the deciding rule")
    public String why(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor("device id, e.g. sim:dev0") String device) {
        try {
            Explanation e = registry.explain(device);
            if (json) {
                return Json.write(e);
            }
            StringBuilder sb = new StringBuilder();
            sb.append(e.deviceId()).append(": ").append(e.state()).append(" — ").append(e.reason()).append('\n');
            if (!e.driver().isEmpty()) {
                sb.append("driver: ").append(e.driver()).append(" (decided by ").append(e.decidedBy()).append(")\n");
            }
            if (!e.waitsFor().isEmpty()) {
                sb.append("waits for: ").append(e.waitsFor()).append('\n');
            }
            TextTable t = new TextTable("CANDIDATE", "SID", "SCORE", "RANK", "VERDICT");
            for (Candidate c : e.candidates()) {
                t.row(c.driver(), c.serviceId(), c.score(), c.ranking(), c.verdict());
            }
            return sb.append(t).toString();
        } catch (HalException ex) {
            return error(ex);
        }
    }

    @Descriptor("bind a device to a named driver, replacing its current driver (rolls back on failure)")
    public String bind(@Descriptor("device id") String device, @Descriptor("driver name or service id") String driver) {
        try {
            DeviceInfo d = registry.bind(device, driver);
            return d.id() + ": " + d.state() + " " + d.driver() + " — " + d.reason() + "\n";
        } catch (HalException ex) {
            return error(ex);
        }
    }

    @Descriptor("release a device from its driver and keep it unbound until rebind")
    public String unbind(@Descriptor("device id") String device) {
        try {
            DeviceInfo d = registry.unbind(device);
            return d.id() + ": " + d.state() + " — " + d.reason() + "\n";
        } catch (HalException ex) {
            return error(ex);
        }
    }

    @Descriptor("release a device and bind it again to the best driver")
    public String rebind(@Descriptor("device id") String device) {
        try {
            DeviceInfo d = registry.rebind(device);
            return d.id() + ": " + d.state() + " " + d.driver() + " — " + d.reason() + "\n";
        } catch (HalException ex) {
            return error(ex);
        }
    }

    @Descriptor("suspend every active device, children before parents (unwinds on failure)")
    public String suspend(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        return report(registry.suspendAll(), json);
    }

    @Descriptor("suspend one device and its active descendants, children first")
    public String suspend(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor("device id") String device) {
        try {
            return report(registry.suspend(device), json);
        } catch (HalException ex) {
            return error(ex);
        }
    }

    @Descriptor("resume every suspended device, parents before children")
    public String resume(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        return report(registry.resumeAll(), json);
    }

    @Descriptor("resume one device and its suspended descendants, parents first")
    public String resume(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor("device id") String device) {
        try {
            return report(registry.resume(device), json);
        } catch (HalException ex) {
            return error(ex);
        }
    }

    private static String report(PowerReport r, boolean json) {
        if (json) {
            return Json.write(r);
        }
        TextTable t = new TextTable("DEVICE", "ACTION", "RESULT", "TIME", "ERROR");
        for (PowerReport.Step s : r.steps()) {
            t.row(s.deviceId(), s.action(), s.ok() ? "ok" : "FAILED", millis(s.durationNanos()), s.error());
        }
        return r.operation() + (r.ok() ? " ok" : " FAILED") + ", " + r.steps().size() + " step(s)\n" + t;
    }

    @Descriptor("list quarantined drivers")
    public String quarantine(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        List<DriverInfo> list = registry.quarantined();
        if (json) {
            return Json.write(list);
        }
        TextTable t = new TextTable("NAME", "SID", "BUNDLE", "REASON");
        list.forEach(d -> t.row(d.name(), d.serviceId(), d.bundle(), d.quarantineReason()));
        return t.toString();
    }

    @Descriptor("lift a quarantine: quarantine clear <driver name|service id|all>")
    public String quarantine(@Descriptor("the word 'clear'") String action,
            @Descriptor("driver name, service id, or all") String driver) {
        if (!"clear".equals(action)) {
            return "error: INVALID_ARGUMENT: unknown action '" + action + "': expected 'clear'\n";
        }
        try {
            return "released " + registry.clearQuarantine(driver) + " driver(s)\n";
        } catch (HalException ex) {
            return error(ex);
        }
    }

    @Descriptor("show the latest device transitions with the time spent in the previous state")
    public String events(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json,
            @Descriptor("how many") @Parameter(names = { "-n", "--count" }, absentValue = "50") int count) {
        List<Transition> list = registry.transitions(count);
        if (json) {
            return Json.write(list);
        }
        TextTable t = new TextTable("TIME", "DEVICE", "FROM", "TO", "IN FROM", "DRIVER", "REASON");
        for (Transition x : list) {
            t.row(x.time(), x.deviceId(), x.from(), x.to(), millis(x.durationNanos()), x.driver(), x.reason());
        }
        return t.toString();
    }

    @Descriptor("show the registry configuration in force (PID aegis.hal.registry)")
    public String config(@Descriptor(JSON_HELP) @Parameter(names = { "-j", "--json" }, presentValue = "true",
            absentValue = "false") boolean json) {
        Map<String, Object> c = registry.configuration();
        if (json) {
            return Json.write(c);
        }
        TextTable t = new TextTable("PROPERTY", "VALUE");
        c.forEach(t::row);
        return t.toString();
    }

    @Descriptor("wait until the bundles in the deploy folder are in force (started, failed to start, or reported as"
            + " unresolvable)"
            + " and the registry has settled (nothing queued, no callback running); for scripts")
    public String await(@Descriptor("seconds to wait at most") @Parameter(names = { "-t", "--timeout" },
            absentValue = "30") int seconds) throws InterruptedException {
        java.time.Duration timeout = java.time.Duration.ofSeconds(seconds);
        long start = System.nanoTime();
        if (deploy != null) {
            List<String> pending = deploy.await(timeout);
            if (!pending.isEmpty()) {
                return "error: TIMEOUT: the deploy folder is not in force after " + seconds + " s: "
                        + String.join("; ", pending) + "\n";
            }
        }
        long deployNanos = System.nanoTime() - start;
        java.time.Duration left = timeout.minusNanos(deployNanos);
        return registry.awaitSettled(left.isNegative() ? java.time.Duration.ZERO : left) ? "settled\n" + notWaitedFor()
                : "error: TIMEOUT: the registry did not settle in " + seconds + " s (the deploy folder was in force after "
                        + millis(deployNanos) + ")" + unsettled() + "\n";
    }

    /** @return one warning line per deploy bundle that failed to start, which await does not wait for */
    private String notWaitedFor() {
        StringBuilder b = new StringBuilder();
        if (deploy != null) {
            for (String f : deploy.failedStarts()) {
                b.append("warning: ").append(f).append(" (not waited for; the log has why)\n");
            }
        }
        return b.toString();
    }

    /** @return what keeps the registry busy, as far as it shows: discoveries running, devices in transition */
    private String unsettled() {
        List<String> why = new java.util.ArrayList<>();
        if (context != null) {
            try {
                org.osgi.framework.ServiceReference<?>[] marks = context.getAllServiceReferences(null,
                        "(" + aegis.hal.api.registry.Discovery.PROPERTY + "=*)");
                if (marks != null) {
                    for (org.osgi.framework.ServiceReference<?> m : marks) {
                        why.add(m.getProperty(aegis.hal.api.registry.Discovery.PROPERTY) + " still discovering");
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException e) {
                // nothing to add
            }
        }
        for (DeviceInfo d : registry.devices()) {
            switch (d.state()) {
                case MATCHING, PROBING -> why.add(d.id() + " " + d.state());
                default -> { }
            }
        }
        if (registry instanceof RegistryComponent rc) {
            why.add(rc.pendingOperations() + " operation(s) queued, running or waiting");
        }
        return why.isEmpty() ? "" : " (" + String.join("; ", why) + ")";
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String error(HalException e) {
        return "error: " + e.code() + ": " + e.getMessage() + "\n";
    }
}
