package aegis.hal.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

import aegis.hal.api.device.BasicDevice;
import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceClass;
import aegis.hal.api.device.DeviceState;
import aegis.hal.api.driver.Driver;
import aegis.hal.api.error.DeferProbeException;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.PowerReport;
import aegis.hal.api.registry.TakeoverPolicy;
import aegis.hal.api.registry.Transition;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BindingEngineTest {
    interface Step {
        void run(Device d) throws Exception;
    }

    /** A driver whose every callback is scripted and recorded. */
    static final class FakeDriver implements Driver {
        final String name;
        volatile ToIntFunction<Device> score = d -> 1;
        volatile Step onProbe = d -> { };
        volatile Step onSuspend = d -> { };
        volatile Step onResume = d -> { };
        volatile Predicate<Device> busy = d -> false;
        final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
        final CountDownLatch removed = new CountDownLatch(1);

        FakeDriver(String name) {
            this.name = name;
        }

        @Override
        public int match(Device device) {
            return score.applyAsInt(device);
        }

        @Override
        public void init() {
            calls.add("init");
        }

        @Override
        public void probe(Device device) throws HalException {
            calls.add("probe:" + device.id());
            run(onProbe, device);
        }

        @Override
        public void suspend(Device device) throws HalException {
            calls.add("suspend:" + device.id());
            run(onSuspend, device);
        }

        @Override
        public void resume(Device device) throws HalException {
            calls.add("resume:" + device.id());
            run(onResume, device);
        }

        @Override
        public void remove(Device device) {
            calls.add("remove:" + device.id());
            removed.countDown();
        }

        @Override
        public boolean busy(Device device) {
            return busy.test(device);
        }

        private static void run(Step s, Device d) throws HalException {
            try {
                s.run(d);
            } catch (HalException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HalException(ErrorCode.DRIVER_FAILED, e.toString());
            }
        }
    }

    private final AtomicLong sids = new AtomicLong(100);
    private final ConcurrentLinkedQueue<Transition> transitions = new ConcurrentLinkedQueue<>();
    private BindingEngine engine;

    private BindingEngine engine(Settings s) {
        engine = new BindingEngine(s, (t, c) -> transitions.add(t));
        engine.start();
        return engine;
    }

    private static Settings settings(TakeoverPolicy p, long probeMs, int quarantine, long graceMs) {
        Settings d = Settings.DEFAULTS;
        return new Settings(p, d.matchMs(), d.initMs(), probeMs, 1_000, 1_000, 1_000, quarantine, graceMs, 10_000, 2);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private long driver(FakeDriver d, int ranking) {
        return driver(d, ranking, "bundle." + d.name);
    }

    private long driver(FakeDriver d, int ranking, String bundle) {
        long sid = sids.incrementAndGet();
        engine.addDriver(new DriverRecord(d, sid, d.name, bundle, "1.0.0", sid, Set.of("SIM"), ranking));
        return sid;
    }

    private long device(String id, String parent) {
        long sid = sids.incrementAndGet();
        engine.addDevice(BasicDevice.builder(id, DeviceClass.SIM).parent(parent).build(), sid);
        return sid;
    }

    private DeviceInfo settled(String id) throws InterruptedException {
        assertTrue(engine.awaitSettled(Duration.ofSeconds(20)), "registry did not settle");
        return engine.device(id).orElseThrow();
    }

    @Test
    void bindsTheBestCandidateByScoreThenRankingThenServiceId() throws Exception {
        engine(Settings.DEFAULTS);
        FakeDriver low = new FakeDriver("low");
        FakeDriver ranked = new FakeDriver("ranked");
        FakeDriver first = new FakeDriver("first");
        FakeDriver second = new FakeDriver("second");
        driver(low, 100);
        low.score = d -> 1;
        ranked.score = d -> 2;
        first.score = d -> 2;
        second.score = d -> 2;
        driver(ranked, 1);
        driver(first, 5);
        driver(second, 5);
        device("sim:a", null);
        DeviceInfo a = settled("sim:a");
        assertEquals(DeviceState.ACTIVE, a.state());
        assertEquals("first", a.driver());
        assertEquals("service.id", engine.explain("sim:a").decidedBy());
        assertEquals(List.of("first", "second", "ranked", "low"),
                engine.explain("sim:a").candidates().stream().map(c -> c.driver()).toList());
        assertEquals(List.of("init", "probe:sim:a"), List.copyOf(first.calls));
    }

    @Test
    void noBindingBeforeTheFrameworkHasStarted() throws Exception {
        engine = new BindingEngine(Settings.DEFAULTS, (t, c) -> transitions.add(t));
        FakeDriver d = new FakeDriver("d");
        driver(d, 0);
        device("sim:early", null);
        assertFalse(engine.awaitSettled(Duration.ofMillis(200)), "must not settle before start");
        assertEquals(DeviceState.DISCOVERED, engine.device("sim:early").orElseThrow().state());
        assertTrue(d.calls.isEmpty());
        engine.start();
        assertEquals(DeviceState.ACTIVE, settled("sim:early").state());
    }

    @Test
    void aFailingProbeFallsBackToTheNextCandidate() throws Exception {
        engine(Settings.DEFAULTS);
        FakeDriver bad = new FakeDriver("bad");
        bad.onProbe = d -> {
            throw new HalException(ErrorCode.DRIVER_FAILED, "no luck");
        };
        FakeDriver good = new FakeDriver("good");
        driver(bad, 10);
        driver(good, 0);
        device("sim:x", null);
        DeviceInfo x = settled("sim:x");
        assertEquals("good", x.driver());
        List<DeviceState> states = transitions.stream().filter(t -> t.deviceId().equals("sim:x")).map(Transition::to).toList();
        assertEquals(List.of(DeviceState.DISCOVERED, DeviceState.MATCHING, DeviceState.PROBING, DeviceState.FAILED,
                DeviceState.MATCHING, DeviceState.PROBING, DeviceState.ACTIVE), states);
        assertTrue(transitions.stream().anyMatch(t -> t.to() == DeviceState.FAILED && t.reason().contains("no luck")));
    }

    @Test
    void aHungProbeMissesItsDeadlineAndOthersCarryOn() throws Exception {
        engine(settings(TakeoverPolicy.IDLE, 150, 100, 0));
        FakeDriver hang = new FakeDriver("hang");
        CountDownLatch never = new CountDownLatch(1);
        hang.onProbe = d -> {
            if (d.id().startsWith("sim:h")) {
                never.await();
            }
        };
        FakeDriver fallback = new FakeDriver("fallback");
        driver(hang, 10);
        driver(fallback, 0);
        for (int i = 0; i < 6; i++) {
            device("sim:h" + i, null);
            device("sim:ok" + i, null);
        }
        assertTrue(engine.awaitSettled(Duration.ofSeconds(20)));
        for (int i = 0; i < 6; i++) {
            assertEquals("hang", engine.device("sim:ok" + i).orElseThrow().driver());
            DeviceInfo h = engine.device("sim:h" + i).orElseThrow();
            assertEquals("fallback", h.driver(), h.reason());
        }
        assertTrue(transitions.stream().anyMatch(t -> t.reason().contains("missed its deadline of 150 ms")));
    }

    @Test
    void aProbeThatReturnsAfterItsDeadlineIsUndoneWithRemove() throws Exception {
        engine(settings(TakeoverPolicy.IDLE, 100, 100, 0));
        FakeDriver stubborn = new FakeDriver("stubborn");
        stubborn.onProbe = d -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < end) {
                try {
                    TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
                } catch (InterruptedException ignoredOnPurpose) {
                    // a driver that ignores interrupts
                }
            }
        };
        driver(stubborn, 0);
        device("sim:late", null);
        assertTrue(stubborn.removed.await(10, TimeUnit.SECONDS), "late probe was never undone");
        assertEquals(DeviceState.FAILED, settled("sim:late").state());
    }

    @Test
    void aDeferredProbeIsRetriedWhenAnythingArrives() throws Exception {
        engine(Settings.DEFAULTS);
        AtomicBoolean ready = new AtomicBoolean();
        FakeDriver d = new FakeDriver("picky");
        d.onProbe = dev -> {
            if (dev.id().equals("sim:needy") && !ready.get()) {
                throw new DeferProbeException("sim:helper");
            }
        };
        driver(d, 0);
        device("sim:needy", null);
        DeviceInfo needy = settled("sim:needy");
        assertEquals(DeviceState.DEFERRED, needy.state());
        assertEquals("sim:helper", engine.explain("sim:needy").waitsFor());
        ready.set(true);
        device("sim:helper", null);
        assertEquals(DeviceState.ACTIVE, settled("sim:needy").state());
    }

    @Test
    void takeoverPolicies() throws Exception {
        for (TakeoverPolicy p : TakeoverPolicy.values()) {
            transitions.clear();
            engine(settings(p, 1_000, 100, 0));
            FakeDriver old = new FakeDriver("old");
            driver(old, 0);
            device("sim:idle", null);
            device("sim:busy", null);
            settled("sim:idle");
            old.busy = dev -> dev.id().equals("sim:busy");
            FakeDriver better = new FakeDriver("better");
            better.score = dev -> 2;
            driver(better, 0);
            String idle = settled("sim:idle").driver();
            String busy = settled("sim:busy").driver();
            switch (p) {
                case NEVER -> {
                    assertEquals("old", idle);
                    assertEquals("old", busy);
                }
                case IDLE -> {
                    assertEquals("better", idle);
                    assertEquals("old", busy);
                }
                case BETTER -> {
                    assertEquals("better", idle);
                    assertEquals("better", busy);
                }
            }
            if (p != TakeoverPolicy.NEVER) {
                assertTrue(old.calls.contains("suspend:sim:idle"));
                assertTrue(old.calls.contains("remove:sim:idle"));
                assertEquals("lost: outranked (score), taken over", engine.explain("sim:idle").candidates().get(1).verdict());
            }
            // each driver counts exactly the devices it holds
            long heldByOld = List.of(idle, busy).stream().filter("old"::equals).count();
            assertEquals(heldByOld, engine.drivers().stream().filter(d -> d.name().equals("old")).findFirst()
                    .orElseThrow().boundDevices(), p + ": bound count of the old driver");
            engine.close();
        }
    }

    @Test
    void aBetterDriverThatArrivesDuringAProbeGetsTheDeviceWhenTheProbeEnds() throws Exception {
        engine(settings(TakeoverPolicy.BETTER, 10_000, 100, 0));
        CountDownLatch probing = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        FakeDriver slow = new FakeDriver("slow");
        slow.onProbe = d -> {
            probing.countDown();
            assertTrue(release.await(20, TimeUnit.SECONDS));
            if (d.id().equals("sim:deferred")) {
                throw new DeferProbeException("the better driver");
            }
        };
        driver(slow, 0);
        device("sim:bound", null);
        device("sim:deferred", null);
        assertTrue(probing.await(20, TimeUnit.SECONDS));
        FakeDriver better = new FakeDriver("better");
        better.score = d -> 2;
        driver(better, 10);
        engine.drivers(); // answered on the binding thread after it took the arrival
        release.countDown();
        DeviceInfo bound = settled("sim:bound");
        assertEquals("better", bound.driver(), bound.reason());
        assertEquals(DeviceState.ACTIVE, bound.state());
        assertTrue(slow.calls.contains("remove:sim:bound"), "the slow driver gave it up: " + slow.calls);
        DeviceInfo deferred = settled("sim:deferred");
        assertEquals("better", deferred.driver(), deferred.reason());
        assertEquals(List.of("init", "probe:sim:bound", "probe:sim:deferred"),
                List.copyOf(better.calls).stream().sorted().toList());
    }

    @Test
    void aDriverThatArrivesDuringARoundNobodyMatchedIsAskedWhenItEnds() throws Exception {
        engine(Settings.DEFAULTS);
        CountDownLatch matching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeDriver picky = new FakeDriver("picky");
        picky.score = d -> {
            matching.countDown();
            try {
                assertTrue(release.await(20, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        };
        driver(picky, 0);
        device("sim:lonely", null);
        assertTrue(matching.await(20, TimeUnit.SECONDS));
        FakeDriver willing = new FakeDriver("willing");
        driver(willing, 0);
        engine.drivers(); // answered on the binding thread after it took the arrival
        picky.score = d -> 0;
        release.countDown();
        DeviceInfo d = settled("sim:lonely");
        assertEquals("willing", d.driver(), d.reason());
    }

    @Test
    void aNewcomerThatLeavesDuringItsTakeoverProbeLeavesTheDeviceToTheNextBest() throws Exception {
        engine(settings(TakeoverPolicy.BETTER, 10_000, 100, 0));
        FakeDriver old = new FakeDriver("old");
        driver(old, 0);
        device("sim:t", null);
        assertEquals("old", settled("sim:t").driver());
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeDriver fleeting = new FakeDriver("fleeting");
        fleeting.score = d -> 5;
        fleeting.onProbe = d -> {
            probing.countDown();
            assertTrue(release.await(20, TimeUnit.SECONDS));
        };
        long sid = driver(fleeting, 0);
        assertTrue(probing.await(20, TimeUnit.SECONDS)); // the takeover has suspended and removed old
        engine.removeDriver(sid, false);
        engine.drivers(); // answered on the binding thread after it took the departure
        release.countDown();
        DeviceInfo t = settled("sim:t");
        assertEquals(DeviceState.ACTIVE, t.state(), t.reason());
        assertEquals("old", t.driver());
        assertEquals(1, engine.drivers().stream().filter(d -> d.name().equals("old")).findFirst().orElseThrow()
                .boundDevices());
        assertTrue(fleeting.calls.contains("remove:sim:t"), "the departed newcomer let go: " + fleeting.calls);
    }

    @Test
    void aFailedTakeoverRollsBackToThePreviousDriver() throws Exception {
        engine(settings(TakeoverPolicy.BETTER, 1_000, 100, 0));
        FakeDriver old = new FakeDriver("old");
        driver(old, 0);
        device("sim:r", null);
        settled("sim:r");
        FakeDriver broken = new FakeDriver("broken");
        broken.score = d -> 5;
        broken.onProbe = d -> {
            throw new HalException(ErrorCode.DRIVER_FAILED, "cannot");
        };
        driver(broken, 0);
        DeviceInfo r = settled("sim:r");
        assertEquals("old", r.driver());
        assertEquals(DeviceState.ACTIVE, r.state());
        assertTrue(r.reason().contains("rolled back to old"), r.reason());
        assertEquals(List.of("init", "probe:sim:r", "suspend:sim:r", "remove:sim:r", "probe:sim:r"), List.copyOf(old.calls));
        assertEquals(1, engine.drivers().stream().filter(d -> d.name().equals("old")).findFirst().orElseThrow()
                .boundDevices(), "a rollback counts the device once");
    }

    @Test
    void whenADriverLeavesItsDevicesGoToTheNextBest() throws Exception {
        engine(settings(TakeoverPolicy.IDLE, 1_000, 100, 0));
        FakeDriver a = new FakeDriver("a");
        FakeDriver b = new FakeDriver("b");
        long sa = driver(a, 10);
        driver(b, 0);
        device("sim:m", null);
        assertEquals("a", settled("sim:m").driver());
        engine.removeDriver(sa, false);
        assertEquals("b", settled("sim:m").driver());
        assertTrue(a.calls.contains("remove:sim:m"));
    }

    @Test
    void anUpdatedDriverGetsItsDevicesBackAsOneSwap() throws Exception {
        engine(settings(TakeoverPolicy.IDLE, 1_000, 100, 5_000));
        FakeDriver v1 = new FakeDriver("nvme");
        FakeDriver other = new FakeDriver("generic");
        long s1 = driver(v1, 10, "aegis.hal.block.nvme");
        driver(other, 0);
        device("sim:n", null);
        assertEquals("nvme", settled("sim:n").driver());
        transitions.clear();
        engine.removeDriver(s1, true);
        FakeDriver v2 = new FakeDriver("nvme");
        driver(v2, 10, "aegis.hal.block.nvme");
        DeviceInfo n = settled("sim:n");
        assertEquals("nvme", n.driver());
        assertTrue(n.reason().startsWith("handed over"), n.reason());
        assertTrue(other.calls.stream().noneMatch(c -> c.startsWith("probe")), "generic got the device in between");
        assertTrue(v2.calls.contains("probe:sim:n"));
    }

    @Test
    void withoutASuccessorTheGracePeriodEndsAndTheNextBestBinds() throws Exception {
        engine(settings(TakeoverPolicy.IDLE, 1_000, 100, 100));
        FakeDriver v1 = new FakeDriver("v1");
        FakeDriver other = new FakeDriver("other");
        long s1 = driver(v1, 10, "gone.bundle");
        driver(other, 0);
        device("sim:g", null);
        settled("sim:g");
        engine.removeDriver(s1, true);
        assertEquals("other", settled("sim:g").driver());
    }

    @Test
    void aDriverThatKeepsFailingIsQuarantinedUntilCleared() throws Exception {
        engine(settings(TakeoverPolicy.IDLE, 1_000, 2, 0));
        FakeDriver flaky = new FakeDriver("flaky");
        AtomicBoolean healthy = new AtomicBoolean();
        flaky.onProbe = d -> {
            if (!healthy.get()) {
                throw new HalException(ErrorCode.IO, "bus error");
            }
        };
        driver(flaky, 0);
        for (int i = 0; i < 4; i++) {
            device("sim:q" + i, null);
        }
        assertTrue(engine.awaitSettled(Duration.ofSeconds(20)));
        assertEquals(1, engine.quarantined().size());
        assertTrue(engine.quarantined().get(0).quarantineReason().contains("2 failures in a row"));
        // probes already running when the threshold was reached may fail too; none starts after it
        device("sim:q9", null);
        DeviceInfo q9 = settled("sim:q9");
        assertEquals(DeviceState.QUARANTINED, q9.state(), q9.reason());
        assertFalse(flaky.calls.contains("probe:sim:q9"), "no probe after quarantine");
        healthy.set(true);
        assertEquals(1, engine.clearQuarantine("flaky"));
        assertTrue(engine.awaitSettled(Duration.ofSeconds(20)));
        engine.devices().forEach(d -> assertEquals(DeviceState.ACTIVE, d.state(), d.id()));
        assertThrows(HalException.class, () -> engine.clearQuarantine("flaky"));
    }

    @Test
    void suspendGoesChildrenFirstResumeParentsFirstAndAFailureUnwinds() throws Exception {
        engine(Settings.DEFAULTS);
        FakeDriver d = new FakeDriver("d");
        driver(d, 0);
        device("sim:root", null);
        device("sim:mid", "sim:root");
        device("sim:leaf", "sim:mid");
        device("sim:other", null);
        settled("sim:leaf");
        PowerReport s = engine.suspendAll();
        assertTrue(s.ok());
        List<String> order = s.steps().stream().map(PowerReport.Step::deviceId).toList();
        assertTrue(order.indexOf("sim:leaf") < order.indexOf("sim:mid"));
        assertTrue(order.indexOf("sim:mid") < order.indexOf("sim:root"));
        assertEquals(DeviceState.SUSPENDED, settled("sim:root").state());
        PowerReport r = engine.resumeAll();
        List<String> back = r.steps().stream().map(PowerReport.Step::deviceId).toList();
        assertTrue(back.indexOf("sim:root") < back.indexOf("sim:mid"));
        assertTrue(back.indexOf("sim:mid") < back.indexOf("sim:leaf"));
        assertEquals(DeviceState.ACTIVE, settled("sim:leaf").state());

        d.onSuspend = dev -> {
            if (dev.id().equals("sim:root")) {
                throw new HalException(ErrorCode.CONFLICT, "refuses");
            }
        };
        PowerReport f = engine.suspend("sim:root");
        assertFalse(f.ok());
        assertEquals(List.of("sim:leaf:suspend", "sim:mid:suspend", "sim:root:suspend", "sim:mid:unwind-resume",
                "sim:leaf:unwind-resume"), f.steps().stream().map(x -> x.deviceId() + ":" + x.action()).toList());
        for (String id : List.of("sim:root", "sim:mid", "sim:leaf")) {
            assertEquals(DeviceState.ACTIVE, settled(id).state(), id);
        }
        assertThrows(HalException.class, () -> engine.suspend("sim:nope"));
    }

    @Test
    void administratorBindUnbindAndRebind() throws Exception {
        engine(settings(TakeoverPolicy.NEVER, 1_000, 100, 0));
        FakeDriver a = new FakeDriver("a");
        FakeDriver b = new FakeDriver("b");
        driver(a, 10);
        driver(b, 0);
        device("sim:z", null);
        assertEquals("a", settled("sim:z").driver());
        assertEquals("b", engine.bind("sim:z", "b").driver());
        assertEquals("administrator", engine.explain("sim:z").decidedBy());
        DeviceInfo u = engine.unbind("sim:z");
        assertEquals(DeviceState.DISCOVERED, u.state());
        assertTrue(b.calls.contains("remove:sim:z"));
        device("sim:other", null); // an arrival does not rebind an unbound device
        assertEquals(DeviceState.DISCOVERED, settled("sim:z").state());
        assertEquals("a", engine.rebind("sim:z").driver());
        HalException e = assertThrows(HalException.class, () -> engine.bind("sim:missing", "a"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        e = assertThrows(HalException.class, () -> engine.bind("sim:z", "nobody"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("a", settled("sim:z").driver(), "a failed bind changes nothing");
    }

    @Test
    void administratorDecisionsSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = tmp.resolve("data/admin-state.properties");
        engine = new BindingEngine(settings(TakeoverPolicy.NEVER, 1_000, 100, 0), (t, c) -> transitions.add(t),
                new AdminState(file));
        engine.start();
        driver(new FakeDriver("a"), 10);
        driver(new FakeDriver("b"), 0);
        device("sim:z", null);
        device("sim:y", null);
        assertEquals("a", settled("sim:z").driver());
        assertEquals("b", engine.bind("sim:z", "b").driver());
        engine.unbind("sim:y");
        engine.close();

        // the runtime restarts: same decisions, new service ids
        engine = new BindingEngine(settings(TakeoverPolicy.NEVER, 1_000, 100, 0), (t, c) -> transitions.add(t),
                new AdminState(file));
        engine.start();
        driver(new FakeDriver("a"), 10);
        device("sim:z", null);
        device("sim:y", null);
        DeviceInfo z = settled("sim:z");
        assertEquals(DeviceState.DISCOVERED, z.state(), "waits for the driver it is pinned to");
        assertTrue(z.reason().contains("pinned by the administrator to b"), z.reason());
        driver(new FakeDriver("b"), 0);
        assertEquals("b", settled("sim:z").driver(), "the pin outlives the restart although a outranks b");
        assertEquals("administrator", engine.explain("sim:z").decidedBy());
        assertEquals(DeviceState.DISCOVERED, settled("sim:y").state(), "an unbound device stays unbound");
        assertEquals("a", engine.rebind("sim:z").driver());
        assertEquals("a", engine.rebind("sim:y").driver());
        AdminState reloaded = new AdminState(file);
        assertTrue(reloaded.pin("sim:z").isEmpty() && !reloaded.unbound("sim:y"), "rebind clears the decisions");
        assertEquals("", engine.adminStateError());
    }

    @Test
    void aCorruptAdminStateFileIsReportedAndIgnored(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path file = tmp.resolve("admin-state.properties");
        java.nio.file.Files.writeString(file, "pin.sim:z=b\ngarbage=1\n");
        AdminState s = new AdminState(file);
        assertTrue(s.pin("sim:z").isEmpty());
        assertTrue(s.lastError().contains(file.toString()) && s.lastError().contains("garbage"), s.lastError());
        assertEquals("pin.sim:z=b\ngarbage=1\n", java.nio.file.Files.readString(file), "the file is left as it was");
    }

    @Test
    void whenADeviceLeavesItsDriverReleasesIt() throws Exception {
        engine(Settings.DEFAULTS);
        FakeDriver d = new FakeDriver("d");
        driver(d, 0);
        long sid = device("sim:gone", null);
        settled("sim:gone");
        engine.removeDevice(sid);
        assertTrue(d.removed.await(10, TimeUnit.SECONDS));
        assertTrue(engine.awaitSettled(Duration.ofSeconds(10)));
        assertTrue(engine.device("sim:gone").isEmpty());
        assertEquals(DeviceState.REMOVED, transitions.stream().filter(t -> t.deviceId().equals("sim:gone"))
                .reduce((x, y) -> y).orElseThrow().to());
    }

    /** @return a random element taken out of a list other threads change too, or null if it is empty */
    private static Long takeAny(List<Long> list, Random r) {
        synchronized (list) {
            return list.isEmpty() ? null : list.remove(r.nextInt(list.size()));
        }
    }

    @Test
    void concurrentArrivalsAndDeparturesEndConsistent() throws Exception {
        engine(settings(TakeoverPolicy.BETTER, 1_000, 1_000, 0));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Long> deviceSids = Collections.synchronizedList(new ArrayList<>());
        List<Long> driverSids = Collections.synchronizedList(new ArrayList<>());
        List<FakeDriver> all = Collections.synchronizedList(new ArrayList<>());
        Random seed = new Random(7);
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            long s = seed.nextLong();
            int thread = t;
            fs.add(pool.submit(() -> {
                Random r = new Random(s);
                go.await();
                for (int i = 0; i < 150; i++) {
                    int op = r.nextInt(10);
                    if (op < 6) {
                        deviceSids.add(device("sim:t" + thread + "-" + i, null));
                    } else if (op < 8) {
                        FakeDriver d = new FakeDriver("drv" + thread + "-" + i);
                        int sc = 1 + r.nextInt(3);
                        d.score = dev -> sc;
                        all.add(d);
                        driverSids.add(driver(d, r.nextInt(5)));
                    } else if (op == 8) {
                        Long sid = takeAny(deviceSids, r);
                        if (sid != null) {
                            engine.removeDevice(sid);
                        }
                    } else {
                        Long sid = takeAny(driverSids, r);
                        if (sid != null) {
                            engine.removeDriver(sid, false);
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (var f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        FakeDriver last = new FakeDriver("last");
        last.score = d -> 1;
        driver(last, -100); // so that every device has somewhere to go
        assertTrue(engine.awaitSettled(Duration.ofSeconds(30)));
        List<DeviceInfo> devs = engine.devices();
        assertEquals(deviceSids.size(), devs.size());
        Map<String, Integer> boundPerDriver = new java.util.HashMap<>();
        for (DeviceInfo d : devs) {
            assertEquals(DeviceState.ACTIVE, d.state(), d.id() + ": " + d.reason());
            boundPerDriver.merge(d.driver(), 1, Integer::sum);
        }
        engine.drivers().forEach(d -> assertEquals(boundPerDriver.getOrDefault(d.name(), 0).intValue(),
                d.boundDevices(), d.name()));
        // under the "better" policy every device ends with a best-ranked driver
        int bestScore = engine.drivers().stream().mapToInt(d -> all.stream().filter(f -> f.name.equals(d.name()))
                .findFirst().map(f -> f.score.applyAsInt(null)).orElse(1)).max().orElse(1);
        for (DeviceInfo d : devs) {
            FakeDriver holder = d.driver().equals("last") ? last
                    : all.stream().filter(f -> f.name.equals(d.driver())).findFirst().orElseThrow();
            assertEquals(bestScore, holder.score.applyAsInt(null), d.id() + " held by " + d.driver());
        }
    }
}
