package aegis.hal.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceState;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.HalException;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.Explanation;
import aegis.hal.api.registry.PowerReport;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** The registry in a real Felix framework with SCR, ConfigAdmin, EventAdmin and the sim bundle. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class RegistryIT extends HalTestSupport {

    @Configuration
    public Option[] config() {
        return halOptions();
    }

    /** A driver the test registers itself. */
    static final class TestDriver implements Driver {
        private final int score;

        TestDriver(int score) {
            this.score = score;
        }

        @Override
        public int match(Device device) {
            return score;
        }

        @Override
        public void probe(Device device) {
        }

        @Override
        public void remove(Device device) {
        }
    }

    private ServiceRegistration<Driver> registerDriver(String name, int score, int ranking) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(Driver.CLASSES, "SIM");
        p.put(Driver.NAME, name);
        p.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(Driver.class, new TestDriver(score), p);
    }

    @Test
    public void simulatedDevicesBindToTheGenericDriver() throws Exception {
        try (StateWatch w = watch("ACTIVE", 5, "sim:good", "sim-generic")) {
            simGroup("good", "good", 5);
            w.await();
        }
        List<DeviceInfo> good = devices("sim:good");
        assertEquals(5, good.size());
        good.forEach(d -> assertEquals(DeviceState.ACTIVE, d.state()));
        assertTrue(good.get(0).timingsNanos().containsKey("PROBING"));
    }

    @Test
    public void higherRankingWinsAtEqualScoreAndWhyShowsTheRule() throws Exception {
        try (StateWatch w = watch("ACTIVE", 3, "sim:r", "sim-generic")) {
            simGroup("r", "r", 3);
            w.await();
        }
        ServiceRegistration<Driver> reg;
        try (StateWatch w = watch("ACTIVE", 3, "sim:r", "ranked")) {
            reg = registerDriver("ranked", 1, 5);
            w.await();
        }
        Explanation e = registry.explain("sim:r0");
        assertEquals("ranked", e.driver());
        try (StateWatch w = watch("ACTIVE", 3, "sim:r", "sim-generic")) {
            reg.unregister();
            w.await();
        }
        assertEquals("sim-generic", registry.device("sim:r1").orElseThrow().driver());
    }

    @Test
    public void failingAndHangingDriversDoNotStopOthers() throws Exception {
        org.osgi.service.cm.Configuration reg = configAdmin.getConfiguration("aegis.hal.registry", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("deadline.probe.ms", 300L);
        p.put("quarantine.threshold", 1000);
        reg.update(p);
        try (StateWatch good = watch("ACTIVE", 4, "sim:ok", null);
                StateWatch bad = watch("FAILED", 2, "sim:bad", "sim-generic");
                StateWatch hung = watch("FAILED", 2, "sim:hung", "sim-generic")) {
            simGroup("hung", "hung", 2, "sim.probe=hang");
            simGroup("bad", "bad", 2, "sim.probe=fail");
            simGroup("ok", "ok", 4);
            good.await();
            bad.await();
            hung.await();
        }
        DeviceInfo hung = registry.device("sim:hung0").orElseThrow();
        assertEquals(DeviceState.FAILED, hung.state());
        assertTrue(hung.reason(), hung.reason().contains("deadline of 300 ms"));
        DeviceInfo bad = registry.device("sim:bad1").orElseThrow();
        assertEquals(DeviceState.FAILED, bad.state());
        assertTrue(bad.reason(), bad.reason().contains("simulated probe failure"));
        devices("sim:ok").forEach(d -> assertEquals(DeviceState.ACTIVE, d.state()));
    }

    @Test
    public void deferredProbeIsResolvedByALaterArrival() throws Exception {
        try (StateWatch w = watch("DEFERRED", 1, "sim:waiter", null)) {
            simGroup("waiter", "waiter", 1, "sim.probe=defer:sim:late0");
            w.await();
        }
        Explanation e = registry.explain("sim:waiter0");
        assertEquals("device sim:late0", e.waitsFor());
        try (StateWatch w = watch("ACTIVE", 1, "sim:waiter", "sim-generic")) {
            simGroup("late", "late", 1);
            w.await();
        }
    }

    @Test
    public void suspendGoesChildrenFirstAndResumeParentsFirst() throws Exception {
        try (StateWatch w = watch("ACTIVE", 3, "sim:", null)) {
            simGroup("bus", "bus", 1);
            simGroupWithParent("leaf", "leaf", 2, "sim:bus0");
            w.await();
        }
        PowerReport s;
        try (StateWatch w = watch("SUSPENDED", 3, "sim:", null)) {
            s = registry.suspend("sim:bus0");
            w.await();
        }
        assertTrue(s.toString(), s.ok());
        assertEquals(List.of("sim:leaf0", "sim:leaf1", "sim:bus0"), s.steps().stream().map(PowerReport.Step::deviceId).toList());
        assertEquals(DeviceState.SUSPENDED, registry.device("sim:bus0").orElseThrow().state());
        PowerReport r = registry.resume("sim:bus0");
        assertTrue(r.ok());
        assertEquals("sim:bus0", r.steps().get(0).deviceId());
    }

    @Test
    public void suspendUnwindsWhenADeviceRefuses() throws Exception {
        try (StateWatch w = watch("ACTIVE", 3, "sim:", null)) {
            simGroup("hub", "hub", 1, "sim.suspend=fail");
            simGroupWithParent("port", "port", 2, "sim:hub0");
            w.await();
        }
        PowerReport s;
        try (StateWatch w = watch("ACTIVE", 2, "sim:port", null)) {
            s = registry.suspend("sim:hub0");
            w.await(); // the unwind resumes both ports
        }
        assertTrue(!s.ok());
        List<String> actions = s.steps().stream().map(x -> x.deviceId() + ":" + x.action()).toList();
        assertEquals(List.of("sim:port0:suspend", "sim:port1:suspend", "sim:hub0:suspend", "sim:port1:unwind-resume",
                "sim:port0:unwind-resume"), actions);
        assertEquals(DeviceState.ACTIVE, registry.device("sim:port0").orElseThrow().state());
    }

    @Test
    public void invalidConfigurationIsRejectedAndThePreviousStays() throws Exception {
        Map<String, Object> before = registry.configuration();
        org.osgi.service.cm.Configuration reg = configAdmin.getConfiguration("aegis.hal.registry", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("deadline.probe.ms", "soon");
        java.util.concurrent.CountDownLatch rejected = new java.util.concurrent.CountDownLatch(1);
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, aegis.hal.api.event.HalEvents.CONFIGURATION_REJECTED);
        ServiceRegistration<org.osgi.service.event.EventHandler> h = context.registerService(
                org.osgi.service.event.EventHandler.class, e -> rejected.countDown(), topic);
        try {
            reg.update(p);
            assertTrue("no rejection event", rejected.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        } finally {
            h.unregister();
        }
        Map<String, Object> after = registry.configuration();
        assertTrue(after.toString(), after.get("last.rejected").toString().contains("deadline.probe.ms"));
        assertEquals(before.get("deadline.probe.ms"), after.get("deadline.probe.ms"));
    }

    @Test
    public void unknownIdsGetAClearErrorAndChangeNothing() throws Exception {
        try {
            registry.bind("sim:nope", "sim-generic");
            throw new AssertionError("bind of an unknown device succeeded");
        } catch (HalException e) {
            assertEquals(aegis.hal.api.error.ErrorCode.NOT_FOUND, e.code());
            assertTrue(e.getMessage().contains("sim:nope"));
        }
    }


}
