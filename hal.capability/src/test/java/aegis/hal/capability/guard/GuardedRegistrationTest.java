package aegis.hal.capability.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.internal.BundleCapabilityService;
import aegis.hal.capability.internal.CapabilityEngine;
import aegis.hal.capability.testkit.Engines;
import aegis.hal.capability.testkit.Fakes;
import aegis.hal.capability.testkit.ManualClock;

class GuardedRegistrationTest {
    final ManualClock clock = new ManualClock(Engines.WALL);
    final CapabilityEngine engine = Engines.engine(clock);
    final Bundle block = Fakes.bundle(4, "aegis.hal.block", "file:/opt/aegis/block.jar");
    final Bundle registry = Fakes.bundle(3, "aegis.hal.registry", "file:/opt/aegis/registry.jar");
    final Bundle player = Fakes.bundle(20, "com.example.player", "file:" + Engines.DEPLOY + "/media/player/p.jar");
    final Bundle other = Fakes.bundle(21, "com.example.other", "file:" + Engines.DEPLOY + "/media/other/p.jar");
    final Principal playerP = new Principal("media", "player");
    final Fakes.Context ctx = new Fakes.Context(block);
    final CapabilityService caps = new BundleCapabilityService(engine, block);
    final BasicDevice sda = BasicDevice.builder("block:sda", DeviceClass.BLOCK).devfsPath("/dev/block/sda").build();

    Instant in(long s) {
        return Instant.ofEpochMilli(Engines.WALL).plusSeconds(s);
    }

    GuardedRegistration<Device> register() {
        return GuardedRegistration.register(ctx.context, caps, Device.class, sda, sda.serviceProperties());
    }

    @Test
    void getServiceChecksTheConsumersGrant() throws Exception {
        GuardedRegistration<Device> reg = register();
        Fakes.Registration r = ctx.live().get(0);
        assertEquals(Device.class.getName(), r.clazz);
        assertEquals("/dev/block/sda", r.properties.get(Device.DEVFS));
        assertNull(r.getService(player), "no grant: null, even with the reference in hand");
        assertSame(sda, r.getService(block), "the registering bundle gets its own service");
        assertSame(sda, r.getService(registry), "trusted HAL bundles get it");
        engine.grant(playerP, Permission.READ.bit(), "/dev/block/*", null, in(60));
        assertSame(sda, r.getService(player));
        assertNull(r.getService(other));
        reg.close();
        assertTrue(r.unregistered);
    }

    @Test
    void revocationReRegistersSoConsumersAreUnbound() throws Exception {
        GuardedRegistration<Device> reg = register();
        Token t = engine.grant(playerP, Permission.READ.bit(), "/dev/block/*", null, in(60));
        Fakes.Registration first = ctx.live().get(0);
        assertSame(sda, first.getService(player));
        engine.revoke(t.id());
        assertTrue(first.unregistered, "the old registration is gone: DS consumers see UNREGISTERING");
        assertEquals(1, ctx.live().size());
        Fakes.Registration second = ctx.live().get(0);
        assertNotSame(first, second);
        assertEquals("/dev/block/sda", second.properties.get(Device.DEVFS), "same properties");
        assertNull(second.getService(player), "and the revoked bundle cannot get it again");
        assertEquals(1, reg.reregistrations());
        reg.close();
    }

    @Test
    void expiryReRegistersToo() throws Exception {
        GuardedRegistration<Device> reg = register();
        engine.grant(playerP, Permission.READ.bit(), "/dev/block/*", null, in(60));
        assertSame(sda, ctx.live().get(0).getService(player));
        clock.advanceSeconds(60);
        engine.tick();
        assertEquals(1, reg.reregistrations());
        assertNull(ctx.live().get(0).getService(player));
    }

    @Test
    void revocationThatTouchesNoUserLeavesTheRegistrationAlone() throws Exception {
        GuardedRegistration<Device> reg = register();
        Token t = engine.grant(playerP, Permission.READ.bit(), "/dev/block/*", null, in(60));
        Fakes.Registration first = ctx.live().get(0);
        first.getService(registry);
        engine.revoke(t.id());
        assertFalse(first.unregistered);
        assertEquals(0, reg.reregistrations());
    }

    @Test
    void aNewGrantTouchesThePropertiesSoListenersPickItUp() throws Exception {
        register();
        Fakes.Registration r = ctx.live().get(0);
        int before = r.modifications.get();
        engine.grant(playerP, Permission.READ.bit(), "/dev/block/*", null, in(60));
        assertEquals(before + 1, r.modifications.get());
    }

    @Test
    void anIdentityGainedByConfigurationAnnouncesTheServiceAndOneLostTakesItBack() throws Exception {
        // a bundle installed outside deploy/ has no principal until the configuration names it
        Bundle app = Fakes.bundle(30, "com.example.player", "file:/opt/apps/player.jar");
        engine.grant(playerP, Permission.READ.bit(), "/dev/block/*", null, in(60));
        GuardedRegistration<Device> reg = register();
        Fakes.Registration r = ctx.live().get(0);
        assertNull(r.getService(app), "no principal, no device");
        int before = r.modifications.get();
        java.util.List<aegis.hal.capability.api.CapabilityEvent> events = engine.setIdentities(
                new aegis.hal.capability.internal.IdentityResolver(Engines.DEPLOY, java.util.Map.of(),
                        java.util.Map.of("file:/opt/apps/", playerP), java.util.List.of("aegis.hal."), java.util.List.of()),
                java.util.List.of(block, registry, app));
        assertEquals(java.util.List.of(new aegis.hal.capability.api.CapabilityEvent(
                aegis.hal.capability.api.CapabilityEvent.Type.IDENTITY, playerP, "", "/dev/**")), events);
        assertEquals(before + 1, r.modifications.get(), "MODIFIED, so the bundle's listeners pick it up");
        assertEquals(0, reg.reregistrations());
        assertSame(sda, r.getService(app));

        // the assignment is taken away: the bundle uses the service and may no longer, so it is re-registered
        assertEquals(1, engine.setIdentities(Engines.identities(), java.util.List.of(block, registry, app)).size());
        assertTrue(r.unregistered, "consumers of the bundle that lost its identity see UNREGISTERING");
        assertEquals(1, reg.reregistrations());
        assertNull(ctx.live().get(0).getService(app));
        // nothing changed for anyone: no event
        assertTrue(engine.setIdentities(Engines.identities(), java.util.List.of(block, registry, app)).isEmpty());
        reg.close();
    }

    @Test
    void failsClosedWhenTheCapabilityServiceThrows() {
        CapabilityService broken = (CapabilityService) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CapabilityService.class}, (p, m, a) -> {
                    if (m.getName().equals("subscribe")) {
                        return (AutoCloseable) () -> { };
                    }
                    throw new IllegalStateException("gone");
                });
        GuardedRegistration<Device> reg = GuardedRegistration.register(ctx.context, broken, Device.class, sda,
                new Hashtable<>(java.util.Map.of(Device.DEVFS, "/dev/block/sda")));
        assertFalse(reg.allows(player));
        assertNull(ctx.live().get(0).getService(player));
        assertTrue(reg.allows(block));
        reg.close();
        assertNull(ctx.registrations.get(0).getService(block), "closed");
    }
}
