package aegis.hal.capability.internal;

import java.time.Instant;
import java.util.List;

import org.osgi.framework.Bundle;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityListener;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.capability.api.Token;

/**
 * The {@link CapabilityService} object one consuming bundle gets (the service is registered through
 * a service factory): acts on behalf of that bundle only. Thread-safe.
 */
public final class BundleCapabilityService implements CapabilityService {
    private final CapabilityEngine engine;
    private final Bundle consumer;

    /**
     * @param engine   the engine
     * @param consumer the bundle this object belongs to
     */
    public BundleCapabilityService(CapabilityEngine engine, Bundle consumer) {
        this.engine = engine;
        this.consumer = consumer;
    }

    @Override
    public Subject subject(Bundle bundle) {
        return engine.subject(bundle);
    }

    @Override
    public Subject subject(Principal principal) {
        return engine.subject(principal);
    }

    @Override
    public Subject self() {
        return engine.subject(consumer);
    }

    @Override
    public boolean check(Subject subject, String devfsPath, int permissions) {
        return engine.check(subject, devfsPath, permissions);
    }

    @Override
    public void require(Subject subject, String devfsPath, int permissions) throws HalException {
        engine.require(subject, devfsPath, permissions);
    }

    @Override
    public int permissions(Subject subject, String devfsPath) {
        return engine.permissions(subject, devfsPath);
    }

    @Override
    public boolean visible(Bundle bundle, String devfsPath) {
        return engine.visible(bundle, devfsPath);
    }

    @Override
    public Token decode(String encoded) throws HalException {
        return engine.verify(encoded);
    }

    @Override
    public Token present(String encoded) throws HalException {
        Subject me = self();
        if (me.trusted()) {
            return engine.grant(encoded);
        }
        Principal p = me.principal().orElseThrow(() -> new HalException(ErrorCode.PERMISSION_DENIED,
                "bundle " + consumer.getBundleId() + " (" + consumer.getSymbolicName() + ") has no principal"));
        return engine.present(p, encoded);
    }

    @Override
    public Token attenuate(String parentId, Principal target, int permissions, String devices, Instant expiry)
            throws HalException {
        Subject me = self();
        if (me.trusted()) {
            return engine.attenuate(null, parentId, target, permissions, devices, expiry);
        }
        Principal p = me.principal().orElseThrow(() -> new HalException(ErrorCode.PERMISSION_DENIED,
                "bundle " + consumer.getBundleId() + " (" + consumer.getSymbolicName() + ") has no principal"));
        return engine.attenuate(p, parentId, target, permissions, devices, expiry);
    }

    @Override
    public List<Token> tokens() {
        Subject me = self();
        if (me.trusted()) {
            return engine.tokens(null);
        }
        return me.principal().map(engine::tokens).orElse(List.of());
    }

    @Override
    public AutoCloseable subscribe(CapabilityListener listener) {
        Subject me = self();
        if (me.trusted()) {
            return engine.subscribe(listener, null);
        }
        if (me.principal().isEmpty()) {
            return () -> { };
        }
        return engine.subscribe(listener, me.principal().get());
    }
}
