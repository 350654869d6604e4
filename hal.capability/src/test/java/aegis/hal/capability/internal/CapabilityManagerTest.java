package aegis.hal.capability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.service.log.Logger;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityAdmin;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.testkit.Fakes;

/** The OSGi glue, built through its constructor with fakes. */
class CapabilityManagerTest {
    final List<String> log = new CopyOnWriteArrayList<>();

    static CapabilityManager.Config config(Map<String, Object> values) {
        return (CapabilityManager.Config) Proxy.newProxyInstance(CapabilityManager.Config.class.getClassLoader(),
                new Class<?>[] {CapabilityManager.Config.class}, (p, m, a) -> {
                    if (values.containsKey(m.getName())) {
                        return values.get(m.getName());
                    }
                    if (m.getDefaultValue() != null) {
                        return m.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (p, m, a) -> {
            if (m.getReturnType() == void.class) {
                log.add(m.getName() + " " + (a == null ? "" : a[0]));
                return null;
            }
            if (m.getReturnType() == boolean.class) {
                return true;
            }
            return m.getName().equals("getName") ? "test" : null;
        });
    }

    @Test
    void registersHooksFirstGuardsTheAdminAndCleansUp(@TempDir Path data) throws Exception {
        Bundle self = Fakes.bundle(7, "aegis.hal.capability", "file:/opt/aegis/cap.jar");
        Fakes.Context ctx = new Fakes.Context(self);
        ctx.dataArea = data;
        ctx.properties.put("felix.fileinstall.dir", data.resolve("deploy").toString());
        CapabilityManager m = new CapabilityManager(ctx.context, config(Map.of()), logger());

        List<Fakes.Registration> regs = ctx.live();
        assertEquals(List.of(FindHook.class.getName(), CapabilityService.class.getName(), CapabilityAdmin.class.getName()),
                regs.stream().map(r -> r.clazz).toList(), "hooks before services");
        assertEquals(Integer.MAX_VALUE, regs.get(0).properties.get("service.ranking"));
        assertEquals(1, ctx.bundleListeners.size());
        try (var keys = Files.list(data.resolve("keys"))) {
            assertEquals(3, keys.count(), "first key generated in the data area: .pub, .key, active");
        }

        Bundle app = Fakes.bundle(30, "aegis.hal.pretender", "file:" + data.resolve("deploy/media/player/p.jar"));
        Bundle hal = Fakes.bundle(31, "aegis.hal.block", "file:/opt/aegis/block.jar");
        assertNull(regs.get(2).getService(app), "an application does not get the admin service");
        CapabilityAdmin admin = assertInstanceOf(CapabilityAdmin.class, regs.get(2).getService(hal));

        CapabilityService forApp = (CapabilityService) regs.get(1).getService(app);
        assertEquals(new Principal("media", "player"), forApp.self().principal().orElseThrow());
        var token = admin.issue(new Principal("media", "other"), Permission.READ.bit(), "/dev/x", null,
                java.time.Instant.now().plusSeconds(60));
        HalException x = assertThrows(HalException.class, () -> forApp.present(token.encoded()));
        assertEquals(ErrorCode.PERMISSION_DENIED, x.code());
        admin.grant(new Principal("media", "player"), Permission.READ.bit(), "/dev/x", null, java.time.Instant.now().plusSeconds(60));
        assertTrue(forApp.check(forApp.self(), "/dev/x", Permission.READ.bit()));
        assertTrue(Files.readString(data.resolve("grants.txt")).contains("grant "));

        m.deactivate();
        assertTrue(ctx.live().isEmpty(), "everything unregistered");
        assertTrue(ctx.bundleListeners.isEmpty());

        CapabilityManager again = new CapabilityManager(ctx.context, config(Map.of()), logger());
        CapabilityAdmin admin2 = (CapabilityAdmin) ctx.live().get(2).getService(hal);
        assertEquals(1, admin2.grants().size(), "grants survived the restart");
        assertSame(admin2.keys().get(0).id(), admin2.keys().get(0).id());
        assertEquals(admin.keys().get(0).id(), admin2.keys().get(0).id(), "same key");
        again.deactivate();
    }

    @Test
    void anUnreadableStoreFailsClosed(@TempDir Path data) throws Exception {
        Bundle self = Fakes.bundle(7, "aegis.hal.capability", "file:/opt/aegis/cap.jar");
        Fakes.Context ctx = new Fakes.Context(self);
        ctx.dataArea = data;
        ctx.properties.put("felix.fileinstall.dir", data.resolve("deploy").toString());
        Files.writeString(data.resolve("grants.txt"), "not a grant store\n");
        CapabilityManager m = new CapabilityManager(ctx.context, config(Map.of()), logger());
        List<Fakes.Registration> regs = ctx.live();
        assertEquals(List.of(FindHook.class.getName()), regs.stream().map(r -> r.clazz).toList(), "hooks only");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("error capabilities cannot start")), log.toString());
        VisibilityHooks hooks = (VisibilityHooks) regs.get(0).service;
        Fakes.Context devices = new Fakes.Context(Fakes.bundle(4, "aegis.hal.block", "file:/opt/aegis/block.jar"));
        java.util.Hashtable<String, Object> p = new java.util.Hashtable<>();
        p.put("aegis.hal.device.devfs", "/dev/block/sda");
        devices.context.registerService("aegis.hal.api.device.Device", new Object(), p);
        var ref = devices.registrations.get(0).reference;
        Bundle app = Fakes.bundle(30, "com.example.app", "file:" + data.resolve("deploy/media/player/p.jar"));
        Bundle registry = Fakes.bundle(3, "aegis.hal.registry", "file:/opt/aegis/registry.jar");
        assertTrue(!hooks.visible(app, ref), "applications see nothing");
        assertTrue(hooks.visible(registry, ref), "HAL bundles still work");
        m.deactivate();
        assertTrue(ctx.live().isEmpty());
    }
}
