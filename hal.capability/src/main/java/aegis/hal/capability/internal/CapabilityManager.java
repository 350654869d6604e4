package aegis.hal.capability.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import aegis.hal.capability.api.CapabilityAdmin;
import aegis.hal.capability.api.CapabilityEvent;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Principal;

/**
 * Runs the capability engine in the framework. On activation it registers, in this order: the
 * service hooks (so nothing guarded is visible to an application once the engine exists), a bundle
 * listener that forgets identities of updated bundles, {@link CapabilityService} through a service
 * factory (each bundle gets an object bound to itself) and {@link CapabilityAdmin} through a service
 * factory that refuses untrusted bundles. These are registered by hand, not by DS, because they must
 * live and die together with the engine and the hooks must exist before the first service does.
 *
 * <p>The run module must start this bundle (and SCR) at a start level below every application
 * bundle: hooks only hide what is looked up after they are registered.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"aegis.hal.capability.api.CapabilityService\"",
        uses = CapabilityService.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"aegis.hal.capability.api.CapabilityAdmin\"",
        uses = CapabilityAdmin.class)
@Component(immediate = true, configurationPid = CapabilityManager.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = CapabilityManager.Config.class)
public final class CapabilityManager {
    /** The configuration PID. */
    public static final String PID = "aegis.hal.capability";

    /** Configuration of the capability service. */
    @ObjectClassDefinition(name = "Aegis HAL capabilities", description = "Keys, grant store, identities and guarded services")
    public @interface Config {
        /** @return the key folder; empty for {@code keys/} in the bundle's data area (read at start) */
        @AttributeDefinition(description = "Folder of the signing keys; empty: keys/ in the bundle data area. Read at start.")
        String key_dir() default "";

        /** @return the grant store file; empty for {@code grants.txt} in the data area (read at start) */
        @AttributeDefinition(description = "File of the persisted grants; empty: grants.txt in the bundle data area. Read at start.")
        String store_file() default "";

        /** @return FileInstall's folder; empty for the framework property felix.fileinstall.dir */
        @AttributeDefinition(description = "Deploy folder whose <container>/<app>/ sub-folders give bundles their principal; "
                + "empty: the framework property felix.fileinstall.dir")
        String deploy_dir() default "";

        /** @return explicit principal assignments */
        @AttributeDefinition(description = "Principal assignments: 'symbolic.name=container/app' or 'file:/location/prefix=container/app'")
        String[] principals() default {};

        /** @return symbolic-name prefixes of trusted bundles */
        @AttributeDefinition(description = "Symbolic-name prefixes of trusted bundles (outside application deploy sub-folders)")
        String[] trusted_prefixes() default {"aegis.hal."};

        /** @return symbolic names of trusted bundles */
        @AttributeDefinition(description = "Symbolic names of further trusted bundles")
        String[] trusted_names() default {};

        /** @return the guarded service interfaces */
        @AttributeDefinition(description = "Service interfaces hidden from bundles whose grants do not cover the aegis.hal.device.devfs property")
        String[] guarded_classes() default {"aegis.hal.api.device.Device", "aegis.hal.api.driver.Driver"};

        /** @return the deepest attenuation */
        @AttributeDefinition(description = "Deepest attenuation (root = 0), at most 15. Read at start.")
        int max_depth() default 4;

        /** @return the size of the denial log */
        @AttributeDefinition(description = "Denials kept in memory. Read at start.")
        int audit_size() default 256;
    }

    private static final Set<String> ADMIN_ONLY = Set.of(CapabilityAdmin.class.getName());

    private final Logger logger;
    private final ExecutorService events;
    private final ScheduledExecutorService timer;
    private final CapabilityEngine engine;
    private final VisibilityHooks hooks;
    private final BundleContext context;
    private final ServiceRegistration<?> hookRegistration;
    private final SynchronousBundleListener bundleListener;
    private final ServiceRegistration<?> serviceRegistration;
    private final ServiceRegistration<?> adminRegistration;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /**
     * Starts the engine and registers the hooks and services.
     *
     * @param context the bundle context
     * @param config  the configuration
     * @param logger  the logger
     * When the keys or the grant store cannot be read, the component stays active in a fail-closed
     * mode (the hooks hide every guarded service from applications, no capability service is
     * offered) and logs why.
     */
    @Activate
    public CapabilityManager(BundleContext context, Config config,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.context = context;
        this.logger = logger;
        Path keyDir = config.key_dir().isBlank() ? context.getDataFile("keys").toPath() : Paths.get(config.key_dir());
        Path store = config.store_file().isBlank() ? context.getDataFile("grants.txt").toPath() : Paths.get(config.store_file());
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "hal-capability-events"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hal-capability-timer"));
        CapabilityEngine started = null;
        try {
            SecureRandom random = new SecureRandom();
            KeyRing keys = KeyRing.open(keyDir, random, java.time.Instant.now());
            CapabilityEngine.Settings settings = new CapabilityEngine.Settings(
                    Math.max(0, Math.min(15, config.max_depth())), CapabilityEngine.Settings.DEFAULTS.cacheLimit(),
                    Math.max(1, config.audit_size()), Duration.ofSeconds(30));
            started = new CapabilityEngine(keys, store, resolver(context, config), Clock.SYSTEM, settings, events, timer);
        } catch (IOException | RuntimeException e) {
            // Fail closed: without an engine, hide every guarded service from every application (HAL
            // bundles still see them) and offer no capability service; fix the cause, restart the bundle.
            logger.error("capabilities cannot start (keys {}, grants {}): {}; hiding every guarded service", keyDir, store,
                    e.toString(), e);
        }
        this.engine = started;
        this.hooks = new VisibilityHooks(engine, resolver(context, config), guarded(config), ADMIN_ONLY);
        Hashtable<String, Object> hookProps = new Hashtable<>();
        hookProps.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        hookProps.put(Constants.SERVICE_DESCRIPTION, "Aegis HAL capability visibility hooks");
        this.hookRegistration = context.registerService(
                new String[] {FindHook.class.getName(), EventListenerHook.class.getName()}, hooks, hookProps);
        if (engine == null) {
            this.bundleListener = null;
            this.serviceRegistration = null;
            this.adminRegistration = null;
            return;
        }
        engine.setWarnings((m, t) -> {
            if (t == null) {
                logger.warn(m);
            } else {
                logger.warn("{}: {}", m, t.toString(), t);
            }
        });
        engine.setEventSink(this::post);
        engine.startupProblems().forEach(p -> logger.warn("grant store: {}", p));

        CapabilityEngine engine = this.engine;
        this.bundleListener = event -> {
            int type = event.getType();
            if (type == BundleEvent.UPDATED || type == BundleEvent.UNINSTALLED || type == BundleEvent.UNRESOLVED) {
                engine.forget(event.getBundle().getBundleId());
            }
        };
        context.addBundleListener(bundleListener);

        this.serviceRegistration = context.registerService(CapabilityService.class.getName(),
                new ServiceFactory<CapabilityService>() {
                    @Override
                    public CapabilityService getService(Bundle bundle, ServiceRegistration<CapabilityService> reg) {
                        return new BundleCapabilityService(engine, bundle);
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<CapabilityService> reg, CapabilityService s) {
                        // nothing held per bundle
                    }
                }, null);
        this.adminRegistration = context.registerService(CapabilityAdmin.class.getName(),
                new ServiceFactory<CapabilityAdmin>() {
                    @Override
                    public CapabilityAdmin getService(Bundle bundle, ServiceRegistration<CapabilityAdmin> reg) {
                        if (bundle.getBundleId() == context.getBundle().getBundleId() || engine.subject(bundle).trusted()) {
                            return engine;
                        }
                        logger.warn("refused CapabilityAdmin to untrusted bundle {} ({})", bundle.getBundleId(),
                                bundle.getSymbolicName());
                        return null;
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<CapabilityAdmin> reg, CapabilityAdmin s) {
                        // nothing held per bundle
                    }
                }, null);
        logger.info("capabilities ready: keys in {}, grants in {}, {} grants, active key {}", keyDir, store,
                engine.grants().size(), engine.keys().get(0).id());
    }

    /**
     * Applies a changed configuration: identities and guarded interfaces change at once; key folder,
     * store file, depth and log size at the next start.
     *
     * @param config the configuration
     */
    @Modified
    void modified(Config config) {
        if (engine == null) {
            logger.error("capabilities did not start; restart the bundle to apply the configuration");
            return;
        }
        hooks.configure(guarded(config), ADMIN_ONLY);
        List<CapabilityEvent> changed = engine.setIdentities(resolver(context, config),
                Arrays.asList(context.getBundles()));
        logger.info("capability configuration updated; identities changed for {}",
                changed.isEmpty() ? "no principal" : changed.stream().map(e -> e.principal().toString()).toList());
    }

    /** Unregisters everything in reverse order and stops the engine. */
    @Deactivate
    void deactivate() {
        unregister(adminRegistration);
        unregister(serviceRegistration);
        if (bundleListener != null) {
            try {
                context.removeBundleListener(bundleListener);
            } catch (IllegalStateException e) {
                // the context is already invalid
            }
        }
        unregister(hookRegistration);
        if (engine != null) {
            engine.close();
        }
        timer.shutdownNow();
        events.shutdown();
    }

    private static void unregister(ServiceRegistration<?> reg) {
        if (reg == null) {
            return;
        }
        try {
            reg.unregister();
        } catch (IllegalStateException e) {
            // already unregistered by the framework
        }
    }

    private void post(String topic, Map<String, Object> props) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, new HashMap<>(props)));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static Set<String> guarded(Config config) {
        Set<String> g = new LinkedHashSet<>(Arrays.asList(config.guarded_classes()));
        g.removeIf(String::isBlank);
        return g;
    }

    /**
     * @param context the bundle context (for framework properties)
     * @param config  the configuration
     * @return the identity resolver it describes
     */
    static IdentityResolver resolver(BundleContext context, Config config) {
        String deploy = config.deploy_dir();
        if (deploy.isBlank()) {
            deploy = context.getProperty("felix.fileinstall.dir");
        }
        Map<String, Principal> byName = new HashMap<>();
        Map<String, Principal> byLocation = new HashMap<>();
        parseAssignments(config.principals(), byName, byLocation);
        return new IdentityResolver(deploy == null || deploy.isBlank() ? null : Paths.get(deploy), byName, byLocation,
                List.of(config.trusted_prefixes()), List.of(config.trusted_names()));
    }

    /**
     * Parses {@code key=container/app} lines; a key with a colon is a location prefix, otherwise a
     * symbolic name. Bad lines are skipped.
     *
     * @param lines      the lines
     * @param byName     receives symbolic-name assignments
     * @param byLocation receives location-prefix assignments
     * @return the lines that could not be parsed
     */
    static List<String> parseAssignments(String[] lines, Map<String, Principal> byName, Map<String, Principal> byLocation) {
        List<String> bad = new java.util.ArrayList<>();
        for (String line : lines) {
            int eq = line.lastIndexOf('=');
            if (eq <= 0) {
                bad.add(line);
                continue;
            }
            String key = line.substring(0, eq).trim();
            try {
                Principal p = Principal.parse(line.substring(eq + 1).trim());
                (key.contains(":") ? byLocation : byName).put(key, p);
            } catch (aegis.hal.api.error.HalException e) {
                bad.add(line);
            }
        }
        return bad;
    }
}
