package aegis.hal.registry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Reports bundles that arrive (for example through the deploy folder) but cannot resolve, naming
 * each mandatory requirement that no installed bundle offers. The report goes to the log at ERROR
 * ({@code log} in the shell shows it); the runtime carries on.
 *
 * <p>It only looks: it never asks the framework to resolve (that takes the framework's global
 * resolver lock and would make a concurrent start by FileInstall or a launcher fail). A bundle is
 * examined {@value #SETTLE_MILLIS} ms after it was installed or updated, if it is still only
 * INSTALLED by then, so that a bundle whose provider arrives in the same drop is not reported.
 */
@Component(service = {}, immediate = true)
public final class UnresolvedBundleReporter {
    private final BundleContext context;
    private final Logger logger;
    /** How long a new bundle has to get resolved before it is examined. */
    static final long SETTLE_MILLIS = 1_000;

    private final java.util.concurrent.ScheduledExecutorService executor;
    private final SynchronousBundleListener listener;

    /**
     * @param context the bundle context
     * @param logger  the logger
     */
    @Activate
    public UnresolvedBundleReporter(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger) {
        this.context = context;
        this.logger = logger;
        this.executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hal-registry-deploy-check");
            t.setDaemon(true);
            return t;
        });
        this.listener = e -> {
            if (e.getType() == BundleEvent.INSTALLED || e.getType() == BundleEvent.UPDATED) {
                Bundle b = e.getBundle();
                executor.schedule(() -> check(b), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        };
        context.addBundleListener(listener);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(listener);
        executor.shutdownNow();
    }

    private void check(Bundle b) {
        try {
            if (b.getState() != Bundle.INSTALLED || b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                return;
            }
            List<String> missing = missingRequirements(context, b);
            if (!missing.isEmpty()) {
                logger.error("bundle {} {} ({}) does not resolve: missing {}", b.getSymbolicName(), b.getVersion(),
                        b.getLocation(), missing);
            }
        } catch (RuntimeException e) {
            logger.warn("could not diagnose bundle {}: {}", b.getLocation(), e.toString());
        }
    }

    /**
     * @param context a bundle context, to see the installed bundles
     * @param b       an unresolved bundle
     * @return its mandatory requirements that no capability of any installed bundle satisfies
     */
    static List<String> missingRequirements(BundleContext context, Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        List<String> missing = new ArrayList<>();
        if (rev == null) {
            return missing;
        }
        for (BundleRequirement req : rev.getDeclaredRequirements(null)) {
            Map<String, String> dirs = req.getDirectives();
            if ("optional".equals(dirs.get(Constants.RESOLUTION_DIRECTIVE))) {
                continue;
            }
            String f = dirs.get(Constants.FILTER_DIRECTIVE);
            Filter filter;
            try {
                filter = f == null ? null : FrameworkUtil.createFilter(f);
            } catch (InvalidSyntaxException e) {
                missing.add(req.getNamespace() + "; (unparseable filter " + f + ")");
                continue;
            }
            if (!satisfied(context, req.getNamespace(), filter, b)) {
                missing.add(req.getNamespace() + "; " + (f == null ? "" : f));
            }
        }
        return missing;
    }

    private static boolean satisfied(BundleContext context, String namespace, Filter filter, Bundle self) {
        for (Bundle other : context.getBundles()) {
            if (other == self) {
                continue;
            }
            BundleRevision r = other.adapt(BundleRevision.class);
            if (r == null) {
                continue;
            }
            for (BundleCapability c : r.getDeclaredCapabilities(namespace)) {
                if (filter == null || filter.matches(c.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }
}
