package aegis.hal.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import aegis.hal.api.device.Device;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.internal.CpuServiceImpl.WritePolicy;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Registration of the device services, with a recording BundleContext. */
class CpuDevicesTest {
    @Test
    void registersParentsFirstAndUnregistersAll() throws Exception {
        CpuServiceImpl service = new CpuServiceImpl(HostRoot.of(Fixtures.host("qemu-nvme")), false, WritePolicy.OPEN);
        int expected = CpuDeviceFactory.devices(service.inventory()).size();
        List<String> registered = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(expected);
        BundleContext ctx = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, args) -> {
                    if (!m.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    if (!(args[1] instanceof Device d)) {
                        // the discovery mark (aegis.hal.api.registry.Discovery), not a device
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p2, m2, a2) -> null);
                    }
                    String id = (String) ((Dictionary<?, ?>) args[2]).get(Device.ID);
                    assertEquals(d.id(), id);
                    synchronized (registered) {
                        d.parentId().ifPresent(parent -> assertTrue(registered.contains(parent), id));
                        registered.add(id);
                    }
                    done.countDown();
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                            (p2, m2, a2) -> {
                                if (m2.getName().equals("unregister")) {
                                    synchronized (unregistered) {
                                        unregistered.add(id);
                                    }
                                    return null;
                                }
                                throw new UnsupportedOperationException(m2.getName());
                            });
                });
        CpuDevices devices = new CpuDevices(ctx, service, null);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> done.await());
        devices.deactivate();
        assertEquals(expected, registered.size());
        List<String> reversed = new ArrayList<>(registered);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, unregistered, "children are unregistered before parents");
    }
}
