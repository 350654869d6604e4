package aegis.hal.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether the configuration files FileInstall reads from the deploy folder ({@code <pid>.cfg},
 * {@code <factoryPid>-<name>.config}, ...) are in force: Configuration Admin holds a configuration that
 * FileInstall made from the file (its {@code felix.fileinstall.filename} property names the file), and
 * every enabled Declarative Services component that takes that PID has a component configuration
 * carrying its properties. Both steps are asynchronous (FileInstall polls, Configuration Admin
 * delivers to components on its own thread), so a one-shot command that reads a setting could
 * otherwise still see the old one.
 *
 * <p>What this cannot see: an edit to a file that FileInstall has not read yet, when an older version
 * of it is already in force (only FileInstall knows the file's content as it last read it).
 *
 * <p>Its methods link against {@code org.osgi.service.cm}, which the registry imports optionally:
 * without Configuration Admin the first call throws {@link NoClassDefFoundError} and FileInstall does
 * not read configuration files either; {@link DeployProgress} then waits for none.
 */
final class DeployConfigs {
    /** The configuration property in which FileInstall records the file a configuration came from. */
    static final String FILENAME = "felix.fileinstall.filename";

    /** Properties Configuration Admin or DS set themselves, not taken from the file. */
    private static final Set<String> OWN = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "component.name", "component.id", FILENAME);

    private DeployConfigs() {
    }

    /**
     * @param context  the registry bundle's context
     * @param files    the configuration files in the deploy folder, absolute and normalised
     * @param label    how to name a file in a pending line
     * @return one line per file that is not in force yet; empty when all are, or when there is no
     *         Configuration Admin
     */
    static List<String> pending(BundleContext context, List<Path> files, java.util.function.Function<Path, String> label) {
        if (files.isEmpty()) {
            return List.of();
        }
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin cm = ref == null ? null : context.getService(ref);
        if (cm == null) {
            return List.of(); // FileInstall installs no configuration without it
        }
        try {
            Map<Path, Configuration> byFile = fromFiles(cm);
            List<String> out = new ArrayList<>();
            for (Path f : files) {
                Configuration c = byFile.get(real(f));
                String why;
                try {
                    why = c == null ? "configuration not created yet" : components(context, cm, c);
                } catch (IllegalStateException deleted) {
                    why = "configuration not created yet"; // deleted meanwhile (FileInstall replacing it)
                }
                if (why != null) {
                    out.add(label.apply(f) + ": " + why);
                }
            }
            return out;
        } finally {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException e) {
                // the context is gone
            }
        }
    }

    /** @return the configurations FileInstall made, by the real path of their file */
    private static Map<Path, Configuration> fromFiles(ConfigurationAdmin cm) {
        Configuration[] all;
        try {
            all = cm.listConfigurations("(" + FILENAME + "=*)");
        } catch (IOException | InvalidSyntaxException e) {
            return Map.of();
        }
        Map<Path, Configuration> out = new HashMap<>();
        if (all != null) {
            for (Configuration c : all) {
                Dictionary<String, Object> p;
                try {
                    p = c.getProperties();
                } catch (IllegalStateException deleted) {
                    continue;
                }
                Object name = p == null ? null : p.get(FILENAME);
                if (name instanceof String s) {
                    try {
                        out.put(real(Path.of(URI.create(s))), c);
                    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                        // not a file URI: not from the deploy folder
                    }
                }
            }
        }
        return out;
    }

    /** @return the path with symbolic links resolved where it exists, else normalised */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * @return which DS component taking this configuration's PID has no component configuration with
     *         its properties yet, or null
     * @throws IllegalStateException if the configuration was deleted meanwhile
     */
    private static String components(BundleContext context, ConfigurationAdmin cm, Configuration config) {
        Dictionary<String, Object> props = config.getProperties();
        if (props == null) {
            return "configuration created, not set yet";
        }
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return null;
        }
        try {
            // a targeted PID (pid|bsn|version|location) configures only the named bundle's components
            String[] pid = (config.getFactoryPid() != null ? config.getFactoryPid() : config.getPid()).split("\\|");
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if ("ignore".equals(d.configurationPolicy) || d.configurationPid == null || d.factory != null
                        || !Arrays.asList(d.configurationPid).contains(pid[0])
                        || (pid.length > 1 && !pid[1].equals(d.bundle.symbolicName)) || !scr.isComponentEnabled(d)) {
                    continue;
                }
                Set<String> overridden = laterKeys(cm, d.configurationPid, pid[0]);
                Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
                if (configs.stream().noneMatch(c -> carries(c.properties, props, overridden))) {
                    return "component " + d.name + " not configured with it yet";
                }
            }
            return null;
        } finally {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException e) {
                // the context is gone
            }
        }
    }

    /**
     * @return the keys that configurations of the PIDs after {@code pid} in a component's list set:
     *         DS merges them over this one's, so the component cannot carry this one's values for them
     */
    private static Set<String> laterKeys(ConfigurationAdmin cm, String[] componentPids, String pid) {
        Set<String> keys = new java.util.HashSet<>();
        int at = Arrays.asList(componentPids).indexOf(pid);
        for (int i = at + 1; i < componentPids.length; i++) {
            try {
                Configuration[] later = cm.listConfigurations("(" + Constants.SERVICE_PID + "="
                        + componentPids[i].replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(")
                                .replace(")", "\\)") + ")");
                for (Configuration c : later == null ? new Configuration[0] : later) {
                    Dictionary<String, Object> p = c.getProperties();
                    for (Enumeration<String> e = p == null ? java.util.Collections.emptyEnumeration() : p.keys();
                            e.hasMoreElements();) {
                        keys.add(e.nextElement());
                    }
                }
            } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
                // unreadable or deleted meanwhile: nothing overrides
            }
        }
        return keys;
    }

    /**
     * @return whether a component configuration's properties hold every property of the configuration
     *         (compared as text, element by element for arrays: DS copies values into its DTOs, not
     *         always as the same types)
     */
    static boolean carries(Map<String, Object> component, Dictionary<String, Object> config) {
        return carries(component, config, Set.of());
    }

    /**
     * @param skip keys not to compare (set by another configuration the component merges over this one)
     */
    static boolean carries(Map<String, Object> component, Dictionary<String, Object> config, Set<String> skip) {
        if (component == null) {
            return false;
        }
        for (Enumeration<String> keys = config.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (OWN.contains(k) || skip.contains(k)) {
                continue;
            }
            Object want = configText(config.get(k));
            if (want != SKIP && !Objects.equals(want, text(component.get(k)))) {
                return false;
            }
        }
        return true;
    }

    /** A configuration value whose DTO copy cannot be compared (a primitive array becomes its identity). */
    private static final Object SKIP = new Object();

    /**
     * @return a configuration value as its DTO copy reads through {@link #text}: Felix SCR keeps
     *         strings, booleans, numbers and arrays of those, and turns anything else into
     *         {@code String.valueOf} (a collection into {@code "[a, b]"})
     */
    private static Object configText(Object v) {
        if (v == null) {
            return null;
        }
        if (v.getClass().isArray()) {
            Class<?> t = v.getClass().getComponentType();
            if (t.isPrimitive() || !(t == String.class || t == Boolean.class || Number.class.isAssignableFrom(t))) {
                return SKIP;
            }
            return text(v);
        }
        if (v instanceof String || v instanceof Boolean || v instanceof Number) {
            return String.valueOf(v);
        }
        return String.valueOf(String.valueOf(v));
    }

    private static Object text(Object v) {
        if (v == null) {
            return null;
        }
        if (v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(String.valueOf(java.lang.reflect.Array.get(v, i)));
            }
            return out;
        }
        return String.valueOf(v);
    }
}
