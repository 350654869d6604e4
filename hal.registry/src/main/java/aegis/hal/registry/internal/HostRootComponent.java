package aegis.hal.registry.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import aegis.hal.api.host.HostRoot;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the runtime's one {@link HostRoot}: the directory named by configuration
 * ({@value #PID}, property {@code root}), else by the framework property {@value HostRoot#PROPERTY},
 * else {@code /}. A root that is not a directory fails activation with a message naming it.
 */
@Component(service = HostRoot.class, configurationPid = HostRootComponent.PID)
@Designate(ocd = HostRootComponent.Config.class)
public final class HostRootComponent implements HostRoot {
    /** Configuration PID. */
    public static final String PID = "aegis.hal.host";

    /** Host root configuration. */
    @ObjectClassDefinition(name = "Aegis HAL host root", description = "Where the host's /sys, /proc and /dev are read")
    public @interface Config {
        /** @return the root directory; empty = framework property aegis.hal.root, else / */
        @AttributeDefinition(required = false, description = "Root directory; empty: the framework property"
                + " aegis.hal.root, else /")
        String root() default "";
    }

    private final HostRoot delegate;

    /**
     * @param context the bundle context (for the framework property)
     * @param config  the configuration
     */
    @Activate
    public HostRootComponent(BundleContext context, Config config) {
        String root = config.root();
        if (root == null || root.isBlank()) {
            root = context.getProperty(HostRoot.PROPERTY);
        }
        if (root == null || root.isBlank()) {
            root = "/";
        }
        Path p = Path.of(root);
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(HostRoot.PROPERTY + "=" + root + " is not a directory");
        }
        this.delegate = HostRoot.of(p);
    }

    @Override
    public Path root() {
        return delegate.root();
    }

    @Override
    public boolean isLive() {
        return delegate.isLive();
    }

    @Override
    public Path resolve(String hostPath) {
        return delegate.resolve(hostPath);
    }

    @Override
    public boolean exists(String hostPath) {
        return delegate.exists(hostPath);
    }

    @Override
    public String readString(String hostPath) throws IOException {
        return delegate.readString(hostPath);
    }

    @Override
    public Optional<String> readOptional(String hostPath) {
        return delegate.readOptional(hostPath);
    }

    @Override
    public byte[] readBytes(String hostPath, int maxBytes) throws IOException {
        return delegate.readBytes(hostPath, maxBytes);
    }

    @Override
    public List<String> list(String hostPath) throws IOException {
        return delegate.list(hostPath);
    }

    @Override
    public Optional<String> readLink(String hostPath) {
        return delegate.readLink(hostPath);
    }

    @Override
    public void writeString(String hostPath, String value) throws IOException {
        delegate.writeString(hostPath, value);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
