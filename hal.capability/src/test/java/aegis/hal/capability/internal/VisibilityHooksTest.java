package aegis.hal.capability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

import aegis.hal.api.device.Device;
import aegis.hal.capability.api.CapabilityAdmin;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.testkit.Engines;
import aegis.hal.capability.testkit.Fakes;
import aegis.hal.capability.testkit.ManualClock;

class VisibilityHooksTest {
    static final String DEVICE = "aegis.hal.api.device.Device";
    static final String DRIVER = "aegis.hal.api.driver.Driver";

    final ManualClock clock = new ManualClock(Engines.WALL);
    final CapabilityEngine engine = Engines.engine(clock);
    final VisibilityHooks hooks = new VisibilityHooks(engine, Set.of(DEVICE, DRIVER), Set.of(CapabilityAdmin.class.getName()));
    final Bundle registry = Fakes.bundle(3, "aegis.hal.registry", "file:/opt/aegis/registry.jar");
    final Bundle block = Fakes.bundle(4, "aegis.hal.block", "file:/opt/aegis/block.jar");
    final Bundle player = Fakes.bundle(20, "com.example.player", "file:" + Engines.DEPLOY + "/media/player/p.jar");
    final Bundle stranger = Fakes.bundle(21, "aegis.hal.fake", "file:" + Engines.DEPLOY + "/x/y/p.jar");
    final Fakes.Context blockCtx = new Fakes.Context(block);

    ServiceReference<?> register(String clazz, String devfs) {
        Hashtable<String, Object> p = new Hashtable<>();
        if (devfs != null) {
            p.put(Device.DEVFS, devfs);
        }
        blockCtx.context.registerService(clazz, new Object(), p);
        return blockCtx.registrations.get(blockCtx.registrations.size() - 1).reference;
    }

    BundleContext ctx(Bundle b) {
        return new Fakes.Context(b).context;
    }

    @Test
    void findHidesUncoveredDevicesAndKeepsOthers() throws Exception {
        ServiceReference<?> sda = register(DEVICE, "/dev/block/sda");
        ServiceReference<?> pcm = register(DEVICE, "/dev/audio/pcm0p");
        ServiceReference<?> drv = register(DRIVER, null);
        ServiceReference<?> other = register("org.example.Other", null);
        List<ServiceReference<?>> refs = new ArrayList<>(List.of(sda, pcm, drv, other));
        hooks.find(ctx(player), null, null, false, refs);
        assertEquals(List.of(other), refs, "no grant: only unguarded services");

        engine.grant(new Principal("media", "player"), Permission.READ.bit(), "/dev/audio/*", null,
                Instant.ofEpochMilli(Engines.WALL).plusSeconds(60));
        refs = new ArrayList<>(List.of(sda, pcm, drv, other));
        hooks.find(ctx(player), null, null, false, refs);
        assertEquals(List.of(pcm, other), refs);

        refs = new ArrayList<>(List.of(sda, pcm, drv, other));
        hooks.find(ctx(registry), null, null, false, refs);
        assertEquals(4, refs.size(), "HAL bundles see everything");
        refs = new ArrayList<>(List.of(sda, pcm, drv, other));
        hooks.find(ctx(stranger), null, null, false, refs);
        assertEquals(List.of(other), refs, "a HAL-looking name in an app folder sees nothing");

        clock.advanceSeconds(60);
        refs = new ArrayList<>(List.of(sda, pcm, drv, other));
        hooks.find(ctx(player), null, null, false, refs);
        assertEquals(List.of(other), refs, "expired");
    }

    @Test
    void eventsReachOnlyListenersThatMaySee() {
        ServiceReference<?> sda = register(DEVICE, "/dev/block/sda");
        Map<BundleContext, Collection<ListenerInfo>> listeners = new HashMap<>();
        BundleContext p = ctx(player);
        BundleContext r = ctx(registry);
        listeners.put(p, new ArrayList<>());
        listeners.put(r, new ArrayList<>());
        hooks.event(new ServiceEvent(ServiceEvent.REGISTERED, sda), listeners);
        assertEquals(Set.of(r), listeners.keySet());
    }

    @Test
    void unregisteringReachesUsersEvenWithoutGrant() {
        ServiceReference<?> sda = register(DEVICE, "/dev/block/sda");
        Fakes.Registration reg = blockCtx.registrations.get(0);
        reg.using.add(player);
        Map<BundleContext, Collection<ListenerInfo>> listeners = new HashMap<>();
        BundleContext p = ctx(player);
        BundleContext s = ctx(stranger);
        listeners.put(p, new ArrayList<>());
        listeners.put(s, new ArrayList<>());
        hooks.event(new ServiceEvent(ServiceEvent.UNREGISTERING, sda), listeners);
        assertEquals(Set.of(p), listeners.keySet());
    }

    @Test
    void adminServiceOnlyForTrusted() {
        ServiceReference<?> admin = register(CapabilityAdmin.class.getName(), null);
        assertFalse(hooks.visible(player, admin));
        assertTrue(hooks.visible(registry, admin));
    }

    @Test
    void failsClosed() {
        ServiceReference<?> broken = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (px, m, a) -> {
                    if (m.getName().equals("getProperty")) {
                        if ("objectClass".equals(a[0])) {
                            return new String[] {DEVICE};
                        }
                        throw new IllegalStateException("boom");
                    }
                    if (m.getName().equals("getBundle")) {
                        throw new IllegalStateException("boom");
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        assertFalse(hooks.visible(player, broken));
        List<ServiceReference<?>> refs = new ArrayList<>(List.of(broken));
        hooks.find(ctx(player), null, null, false, refs);
        assertTrue(refs.isEmpty());
        assertTrue(hooks.failures() > 0);
        assertFalse(hooks.visible(null, register(DEVICE, "/dev/x")), "no consumer: hidden");
    }

    @Test
    void guardedSetIsConfigurable() {
        ServiceReference<?> node = register("aegis.hal.devfs.Node", "/dev/block/sda");
        assertTrue(hooks.visible(player, node));
        hooks.configure(Set.of(DEVICE, DRIVER, "aegis.hal.devfs.Node"), Set.of());
        assertFalse(hooks.visible(player, node));
    }
}
