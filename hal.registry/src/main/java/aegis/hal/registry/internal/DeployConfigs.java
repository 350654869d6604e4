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
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "component.name", "component.id");

    private DeployConfigs() {
    }

    /** @return whether FileInstall reads this file as a configuration */
    static boolean isConfigFile(String name) {
        return name.endsWith(".cfg") || name.endsWith(".config");
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
                String why = c == null ? "configuration not created yet" : components(context, c);
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
                Dictionary<String, Object> p = c.getProperties();
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
     */
    private static String components(BundleContext context, Configuration config) {
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
            String pid = config.getFactoryPid() != null ? config.getFactoryPid() : config.getPid();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if ("ignore".equals(d.configurationPolicy) || d.configurationPid == null
                        || !Arrays.asList(d.configurationPid).contains(pid) || !scr.isComponentEnabled(d)) {
                    continue;
                }
                Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
                if (configs.stream().noneMatch(c -> carries(c.properties, props))) {
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
     * @return whether a component configuration's properties hold every property of the configuration
     *         (compared as text, element by element for arrays and collections: DS copies values into
     *         its DTOs, not always as the same types)
     */
    static boolean carries(Map<String, Object> component, Dictionary<String, Object> config) {
        if (component == null) {
            return false;
        }
        for (Enumeration<String> keys = config.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!OWN.contains(k) && !Objects.equals(text(config.get(k)), text(component.get(k)))) {
                return false;
            }
        }
        return true;
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
        if (v instanceof Collection<?> c) {
            List<String> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return String.valueOf(v);
    }
}
