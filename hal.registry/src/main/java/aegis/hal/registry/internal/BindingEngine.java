package aegis.hal.registry.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import aegis.hal.api.device.Device;
import aegis.hal.api.device.DeviceState;
import aegis.hal.api.device.DeviceStatus;
import aegis.hal.api.error.DeferProbeException;
import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.registry.Candidate;
import aegis.hal.api.registry.DeviceInfo;
import aegis.hal.api.registry.DriverInfo;
import aegis.hal.api.registry.Explanation;
import aegis.hal.api.registry.PowerReport;
import aegis.hal.api.registry.TakeoverPolicy;
import aegis.hal.api.registry.Transition;

/**
 * The binding engine: plain Java, no OSGi. All decisions and all registry state live on one
 * binding thread ("hal-registry-binder"); driver callbacks run on the {@link CallbackRunner}'s
 * workers under deadlines and report back to the binding thread. Power operations (suspend and
 * resume in graph order) run on their own thread ("hal-registry-power") and hold the devices they
 * work on, so binding carries on for the others.
 *
 * <p>Every public method is thread-safe.
 */
final class BindingEngine implements AutoCloseable {

    /** Receives every transition, on the binding thread; must not block. */
    interface Listener {
        void transition(Transition t, String deviceClass);
    }

    // ---------------------------------------------------------------- outcomes of worker calls
    private sealed interface Outcome permits Bound, Deferred, Failed, NoMatch, Released, Kept {
    }

    private record Bound(DriverRecord driver, int score, List<Candidate> candidates, String decidedBy, String note)
            implements Outcome {
    }

    private record Deferred(DriverRecord driver, String waitsFor, List<Candidate> candidates, String decidedBy)
            implements Outcome {
    }

    /** A callback of {@code driver} failed; {@code restored} says the previous driver holds the device again. */
    private record Failed(DriverRecord driver, String reason, boolean countsAgainstDriver, List<Candidate> candidates,
            DriverRecord restored, int restoredScore) implements Outcome {
    }

    private record NoMatch(List<Candidate> candidates) implements Outcome {
    }

    private record Released(DriverRecord driver, String error) implements Outcome {
    }

    /** A takeover that did not happen; the current driver keeps the device. */
    private record Kept(String why) implements Outcome {
    }

    private final ThreadPoolExecutor binder;
    private final ThreadPoolExecutor power;
    private final ScheduledExecutorService timer;
    private final CallbackRunner runner;
    private final Listener listener;
    private final AdminState admin; // binding thread only
    private volatile Settings settings;
    private final java.util.concurrent.CopyOnWriteArrayList<aegis.hal.api.registry.BindingListener> bindingListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    // binding thread only
    private final Map<String, DeviceRecord> devices = new HashMap<>();
    private final Map<Long, DeviceRecord> devicesBySid = new HashMap<>();
    private final Map<Long, DriverRecord> drivers = new HashMap<>();
    private final ArrayDeque<Transition> history = new ArrayDeque<>();
    /** Devices in DEFERRED, so that every arrival retries them without scanning all devices. */
    private final java.util.Set<DeviceRecord> deferred = new java.util.HashSet<>();
    private boolean started;

    private final AtomicInteger pending = new AtomicInteger();
    private final Object settleLock = new Object();
    private volatile boolean startedFlag;

    BindingEngine(Settings settings, Listener listener) {
        this(settings, listener, new AdminState());
    }

    /**
     * @param settings the configuration
     * @param listener hears every transition
     * @param admin    the administrator's decisions (pins, unbinds), kept across restarts
     */
    BindingEngine(Settings settings, Listener listener, AdminState admin) {
        this.admin = admin;
        this.settings = settings;
        this.listener = listener;
        this.runner = new CallbackRunner(settings.callbackThreads());
        this.binder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "hal-registry-binder"));
        this.power = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "hal-registry-power"));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "hal-registry-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- thread plumbing

    private void post(Runnable r) {
        pending.incrementAndGet();
        try {
            binder.execute(() -> {
                try {
                    r.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException rejected) {
            done();
        }
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            synchronized (settleLock) {
                settleLock.notifyAll();
            }
        }
    }

    private <T> T onBinder(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        post(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the registry", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the registry did not answer within 60 s", e);
        }
    }

    /** A worker call whose outcome goes back to the binding thread. */
    private abstract class EngineCall extends CallbackRunner.Call {
        final DeviceRecord rec;
        final int generation;

        EngineCall(DeviceRecord rec) {
            this.rec = rec;
            this.generation = rec.generation;
            pending.incrementAndGet();
        }

        @Override
        void complete(Object outcome) {
            post(() -> {
                try {
                    outcomeArrived(rec, generation, (Outcome) outcome);
                } finally {
                    done(); // the count taken when the call was made
                }
            });
        }

        @Override
        Object timedOut(String phase, DriverRecord driver, long millis) {
            return new Failed(driver, phase + " by " + driver.name + " missed its deadline of " + millis + " ms",
                    true, List.of(), null, 0);
        }

        @Override
        Object crashed(Throwable t) {
            return new Failed(null, "registry error: " + t, false, List.of(), null, 0);
        }
    }

    void addBindingListener(aegis.hal.api.registry.BindingListener l) {
        bindingListeners.add(l);
    }

    void removeBindingListener(aegis.hal.api.registry.BindingListener l) {
        bindingListeners.remove(l);
    }

    /** Tells the binding listeners that a driver is about to let go of a device; on a worker. */
    private void releasing(Device device, DriverRecord d) {
        for (aegis.hal.api.registry.BindingListener l : bindingListeners) {
            try {
                l.releasing(device, d.serviceId);
            } catch (RuntimeException e) {
                // a listener must not stop the release
            }
        }
    }

    private void boundNow(Device device, DriverRecord d) {
        for (aegis.hal.api.registry.BindingListener l : bindingListeners) {
            try {
                l.bound(device, d.serviceId);
            } catch (RuntimeException e) {
                // ignored, as documented
            }
        }
    }

    // ---------------------------------------------------------------- configuration and start

    void setSettings(Settings s) {
        this.settings = s;
        runner.resize(s.callbackThreads());
        post(() -> trimHistory());
    }

    Settings settings() {
        return settings;
    }

    /** @return why the administrator decisions could not be loaded or saved, or {@code ""} */
    String adminStateError() {
        return onBinder(admin::lastError);
    }

    /** The framework has started: binding may begin. */
    void start() {
        post(() -> {
            if (started) {
                return;
            }
            started = true;
            startedFlag = true;
            devices.values().stream().sorted(Comparator.comparing(r -> r.id)).forEach(this::schedule);
        });
    }

    // ---------------------------------------------------------------- arrivals and departures

    void addDevice(Device device, long serviceId) {
        post(() -> {
            if (devices.containsKey(device.id())) {
                DeviceRecord other = devices.get(device.id());
                device.updateStatus(new DeviceStatus(DeviceState.FAILED,
                        "duplicate device id: service " + other.serviceId + " already registered " + device.id(),
                        Instant.now()));
                return;
            }
            DeviceRecord rec = new DeviceRecord(device, serviceId);
            rec.pinned = admin.pin(rec.id).orElse(null);
            rec.manual = admin.unbound(rec.id);
            devices.put(rec.id, rec);
            devicesBySid.put(serviceId, rec);
            transition(rec, DeviceState.DISCOVERED, "registered", null);
            if (started) {
                retryDeferred();
                schedule(rec);
            }
        });
    }

    void removeDevice(long serviceId) {
        post(() -> {
            DeviceRecord rec = devicesBySid.remove(serviceId);
            if (rec == null) {
                return;
            }
            devices.remove(rec.id);
            rec.removed = true;
            rec.generation++;
            DriverRecord d = rec.bound;
            if (d != null) {
                unbindRecord(rec);
                release(rec, d, "device went away");
            }
            transition(rec, DeviceState.REMOVED, "device service unregistered", d);
            finishWaiters(rec);
        });
    }

    void addDriver(DriverRecord d) {
        post(() -> {
            drivers.put(d.serviceId, d);
            if (!started) {
                return;
            }
            retryDeferred();
            List<DeviceRecord> mine = devices.values().stream().filter(r -> d.serves(r.deviceClass))
                    .sorted(Comparator.comparing(r -> r.id)).toList();
            for (DeviceRecord rec : mine) {
                if (rec.manual) {
                    continue;
                }
                if (rec.busy) {
                    rec.missed.add(d); // offered when its callback ends: catchUp
                    continue;
                }
                if (!rec.isBound()) {
                    if (rec.state == DeviceState.FAILED || rec.state == DeviceState.QUARANTINED
                            || rec.state == DeviceState.DISCOVERED) {
                        schedule(rec);
                    }
                } else if (rec.pinned == null && settings.takeover() != TakeoverPolicy.NEVER) {
                    takeover(rec, d);
                }
            }
        });
    }

    void driverRankingChanged(long serviceId, int ranking) {
        post(() -> {
            DriverRecord d = drivers.get(serviceId);
            if (d != null) {
                d.ranking = ranking;
            }
        });
    }

    /**
     * @param serviceId the departed driver's service id
     * @param updating  whether its bundle is being updated rather than uninstalled
     */
    void removeDriver(long serviceId, boolean updating) {
        post(() -> {
            DriverRecord d = drivers.remove(serviceId);
            if (d == null) {
                return;
            }
            d.removed = true;
            long grace = updating ? settings.handoverGraceMs() : 0;
            List<DeviceRecord> held = devices.values().stream().filter(r -> r.bound == d)
                    .sorted(Comparator.comparing((DeviceRecord r) -> depth(r)).reversed()).toList();
            for (DeviceRecord rec : held) {
                unbindRecord(rec);
                rec.generation++;
                rec.busy = true;
                rec.handoverBundle = grace > 0 ? d.bundle : null;
                EngineCall call = new EngineCall(rec) {
                    @Override
                    Object body() {
                        return callRemove(this, d, rec.device);
                    }
                };
                runner.submit(call);
            }
            if (grace > 0 && !held.isEmpty()) {
                pending.incrementAndGet();
                timer.schedule(() -> post(() -> {
                    try {
                        endHandover(d.bundle);
                    } finally {
                        done();
                    }
                }), grace, TimeUnit.MILLISECONDS);
            }
            for (DeviceRecord rec : devices.values()) {
                rec.failed.remove(d.serviceId);
            }
        });
    }

    /** A subsystem is discovering devices: the registry is not settled until it ends. */
    void discoveryStarted() {
        pending.incrementAndGet();
    }

    /** A subsystem finished discovering. */
    void discoveryEnded() {
        post(this::done);
    }

    /** A bundle was uninstalled: its devices need not wait for a successor. */
    void bundleUninstalled(String symbolicName) {
        post(() -> endHandover(symbolicName));
    }

    private void endHandover(String bundle) {
        for (DeviceRecord rec : sortedDevices()) {
            if (bundle.equals(rec.handoverBundle)) {
                rec.handoverBundle = null;
                if (!rec.busy && !rec.isBound()) {
                    schedule(rec);
                }
            }
        }
    }

    // ---------------------------------------------------------------- binding

    private List<DriverRecord> candidatesFor(DeviceRecord rec) {
        List<DriverRecord> list = new ArrayList<>();
        for (DriverRecord d : drivers.values()) {
            if (d.serves(rec.deviceClass)) {
                list.add(d);
            }
        }
        list.sort(Comparator.comparingLong(DriverRecord::serviceId));
        return list;
    }

    /** Starts binding an idle, unbound device to its best eligible driver. */
    private void schedule(DeviceRecord rec) {
        if (!started || rec.removed || rec.busy || rec.isBound() || rec.manual) {
            return;
        }
        List<DriverRecord> all = candidatesFor(rec);
        if (all.isEmpty()) {
            if (rec.state != DeviceState.DISCOVERED) {
                transition(rec, DeviceState.DISCOVERED, "no driver serves class " + rec.deviceClass, null);
            } else {
                rec.reason = "no driver serves class " + rec.deviceClass;
                rec.device.updateStatus(new DeviceStatus(rec.state, rec.reason, rec.since));
            }
            return;
        }
        if (rec.pinned != null && all.stream().noneMatch(d -> d.name.equals(rec.pinned))) {
            rec.reason = "pinned by the administrator to " + rec.pinned + ", which is not registered";
            rec.device.updateStatus(new DeviceStatus(rec.state, rec.reason, rec.since));
            return;
        }
        List<DriverRecord> eligible = new ArrayList<>();
        List<DriverRecord> quarantined = new ArrayList<>();
        for (DriverRecord d : all) {
            if (rec.pinned != null && !d.name.equals(rec.pinned)) {
                continue;
            }
            if (d.quarantined) {
                quarantined.add(d);
            } else if (!rec.failed.contains(d.serviceId)) {
                eligible.add(d);
            }
        }
        if (rec.handoverBundle != null) {
            List<DriverRecord> successors = eligible.stream().filter(d -> d.bundle.equals(rec.handoverBundle)).toList();
            if (successors.isEmpty()) {
                return; // keep waiting for the successor until the grace period ends
            }
            eligible = successors;
        }
        if (eligible.isEmpty()) {
            if (!quarantined.isEmpty() && rec.state != DeviceState.FAILED) {
                transition(rec, DeviceState.QUARANTINED, "only quarantined drivers match: "
                        + quarantined.stream().map(d -> d.name).toList(), null);
            } else if (!quarantined.isEmpty()) {
                transition(rec, DeviceState.QUARANTINED, rec.reason + "; remaining drivers are quarantined: "
                        + quarantined.stream().map(d -> d.name).toList(), null);
            }
            return;
        }
        rec.generation++;
        rec.busy = true;
        transition(rec, DeviceState.MATCHING, "asking " + eligible.size() + " driver(s)", null);
        List<DriverRecord> snapshot = List.copyOf(eligible);
        boolean handover = rec.handoverBundle != null;
        runner.submit(new EngineCall(rec) {
            @Override
            Object body() {
                return matchAndProbe(this, rec, snapshot, handover);
            }

            @Override
            void late(Object outcome) {
                releaseLate(rec, outcome);
            }
        });
    }

    /** Worker side of a bind: scores every candidate, probes the best. */
    private Outcome matchAndProbe(CallbackRunner.Call call, DeviceRecord rec, List<DriverRecord> candidates,
            boolean handover) {
        Settings s = settings;
        List<CandidateOrder.Scored> scored = new ArrayList<>(candidates.size());
        Map<Long, String> matchErrors = new HashMap<>();
        for (DriverRecord d : candidates) {
            call.phase("match", d, s.matchMs());
            int score;
            try {
                score = d.driver.match(rec.device);
            } catch (Throwable t) {
                score = -1;
                matchErrors.put(d.serviceId, String.valueOf(t));
            }
            call.noPhase();
            if (Thread.interrupted()) {
                return new Failed(d, "match by " + d.name + " was interrupted", true, List.of(), null, 0);
            }
            scored.add(new CandidateOrder.Scored(d, score));
        }
        List<CandidateOrder.Scored> viable = scored.stream().filter(x -> x.score() > 0)
                .sorted(CandidateOrder.ORDER).toList();
        if (viable.isEmpty()) {
            return new NoMatch(describe(scored, null, matchErrors, ""));
        }
        CandidateOrder.Scored best = viable.get(0);
        String rule = handover ? "handover" : CandidateOrder.decidingRule(best, viable.size() > 1 ? viable.get(1) : null);
        List<Candidate> described = describe(scored, best, matchErrors, rule);
        DriverRecord d = best.driver();
        post(() -> probingStarted(rec, call, d));
        Outcome init = ensureInit(call, d);
        if (init != null) {
            return init;
        }
        call.phase("probe", d, s.probeMs());
        try {
            d.driver.probe(rec.device);
            call.noPhase();
            return new Bound(d, best.score(), described, rule, handover ? "handed over to " + d.name + " "
                    + d.bundleVersion : "");
        } catch (DeferProbeException e) {
            call.noPhase();
            return new Deferred(d, e.waitsFor(), described, rule);
        } catch (Throwable t) {
            call.noPhase();
            return new Failed(d, "probe by " + d.name + " failed: " + message(t), true, described, null, 0);
        }
    }

    private Outcome ensureInit(CallbackRunner.Call call, DriverRecord d) {
        if (d.initState == DriverRecord.Init.OK) {
            return null;
        }
        Settings s = settings;
        call.phase("init", d, s.initMs());
        try {
            if (!d.initLock.tryLock(s.initMs(), TimeUnit.MILLISECONDS)) {
                return new Failed(d, "init of " + d.name + " did not finish in " + s.initMs() + " ms", true,
                        List.of(), null, 0);
            }
        } catch (InterruptedException e) {
            return new Failed(d, "init of " + d.name + " was interrupted", true, List.of(), null, 0);
        }
        try {
            if (d.initState == DriverRecord.Init.NONE) {
                try {
                    d.driver.init();
                    d.initState = DriverRecord.Init.OK;
                } catch (Throwable t) {
                    d.initFailure = message(t);
                    d.initState = DriverRecord.Init.FAILED;
                }
            }
        } finally {
            d.initLock.unlock();
            call.noPhase();
        }
        if (d.initState == DriverRecord.Init.FAILED) {
            return new Failed(d, "init of " + d.name + " failed: " + d.initFailure, true, List.of(), null, 0);
        }
        return null;
    }

    private static String message(Throwable t) {
        if (t instanceof HalException h) {
            return h.code() + ": " + h.getMessage();
        }
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private List<Candidate> describe(List<CandidateOrder.Scored> scored, CandidateOrder.Scored best,
            Map<Long, String> matchErrors, String rule) {
        List<CandidateOrder.Scored> order = new ArrayList<>(scored);
        order.sort(CandidateOrder.ORDER);
        List<Candidate> out = new ArrayList<>();
        for (CandidateOrder.Scored sc : order) {
            String verdict;
            if (sc == best) {
                verdict = "chosen";
            } else if (sc.score() < 0) {
                verdict = "match failed: " + matchErrors.get(sc.driver().serviceId);
            } else if (sc.score() == 0) {
                verdict = "no match";
            } else {
                verdict = "lost: " + CandidateOrder.decidingRule(best, sc);
            }
            out.add(new Candidate(sc.driver().name, sc.driver().serviceId, sc.score(), sc.driver().ranking(), verdict));
        }
        return out;
    }

    private void probingStarted(DeviceRecord rec, CallbackRunner.Call call, DriverRecord d) {
        if (!rec.removed && rec.busy && (rec.state == DeviceState.MATCHING || rec.state == DeviceState.ACTIVE)) {
            transition(rec, DeviceState.PROBING, "probe by " + d.name, d);
        }
    }

    /** Binding-thread side of every worker outcome. */
    private void outcomeArrived(DeviceRecord rec, int generation, Outcome outcome) {
        if (rec.removed || generation != rec.generation) {
            if (outcome instanceof Bound b) {
                release(rec, b.driver(), "outcome arrived after the device moved on");
            }
            return;
        }
        rec.busy = false;
        applyOutcome(rec, outcome);
        catchUp(rec);
    }

    /**
     * Offers the device to the drivers that arrived while it was busy (a probe, a takeover, a power
     * operation), which {@link #addDriver} could not: without this a device whose probe by a lesser
     * driver was running when a better one arrived would stay with the lesser one. A bound, active
     * device is offered to them one at a time, best ranked first, as a takeover; an unbound one
     * (no match, deferred, failed) is offered to every current driver again; a device the
     * administrator holds is left alone.
     */
    private void catchUp(DeviceRecord rec) {
        if (rec.missed.isEmpty() || rec.busy || rec.removed) {
            return;
        }
        rec.missed.removeIf(d -> d.removed || d == rec.bound || !drivers.containsKey(d.serviceId));
        if (rec.missed.isEmpty()) {
            return;
        }
        if (!rec.isBound()) {
            // a round that ended unbound (no match, deferred, failed) did not know the newcomers:
            // ask every current driver again (schedule leaves devices the administrator holds alone)
            rec.missed.clear();
            schedule(rec);
            return;
        }
        if (rec.state == DeviceState.SUSPENDED) {
            return; // offered after resume
        }
        if (rec.state != DeviceState.ACTIVE || rec.manual || rec.pinned != null
                || settings.takeover() == TakeoverPolicy.NEVER) {
            rec.missed.clear();
            return;
        }
        rec.missed.sort(Comparator.comparingInt((DriverRecord d) -> -d.ranking).thenComparingLong(d -> d.serviceId));
        takeover(rec, rec.missed.remove(0));
    }

    private void applyOutcome(DeviceRecord rec, Outcome outcome) {
        if (outcome instanceof Bound b) {
            rec.lastCandidates = b.candidates();
            rec.decidedBy = b.decidedBy();
            rec.handoverBundle = null;
            if (b.driver().removed) {
                release(rec, b.driver(), "driver left during probe");
                // in a takeover the old holder was already suspended and removed: nothing holds it now
                unbindRecord(rec);
                transition(rec, DeviceState.DISCOVERED, "driver " + b.driver().name + " left during probe", null);
                schedule(rec);
                finishWaiters(rec);
                return;
            }
            bindRecord(rec, b.driver(), b.score());
            b.driver().consecutiveFailures = 0;
            rec.failed.clear();
            rec.waitsFor = "";
            String why = b.note().isEmpty() ? "bound to " + b.driver().name + " (decided by " + b.decidedBy() + ")"
                    : b.note();
            transition(rec, DeviceState.ACTIVE, why, b.driver());
            if (rec.manual) {
                unbindNow(rec, "unbound by administrator");
            }
        } else if (outcome instanceof Deferred df) {
            rec.lastCandidates = df.candidates();
            rec.decidedBy = df.decidedBy();
            rec.waitsFor = df.waitsFor();
            df.driver().consecutiveFailures = 0;
            transition(rec, DeviceState.DEFERRED, "probe by " + df.driver().name + " waits for " + df.waitsFor(),
                    df.driver());
        } else if (outcome instanceof Failed f) {
            if (!f.candidates().isEmpty()) {
                rec.lastCandidates = f.candidates();
            }
            if (f.restored() != null) {
                bindRecord(rec, f.restored(), f.restoredScore());
                boundNow(rec.device, f.restored());
                transition(rec, DeviceState.ACTIVE, f.reason() + "; rolled back to " + f.restored().name,
                        f.restored());
                countFailure(f.driver(), f.reason());
                finishWaiters(rec);
                return;
            }
            transition(rec, DeviceState.FAILED, f.reason(), f.driver());
            if (f.driver() != null) {
                rec.failed.add(f.driver().serviceId);
                if (f.countsAgainstDriver()) {
                    countFailure(f.driver(), f.reason());
                }
                schedule(rec); // next candidate, if any
            }
        } else if (outcome instanceof NoMatch nm) {
            rec.lastCandidates = nm.candidates();
            rec.decidedBy = "";
            transition(rec, rec.pinned != null ? DeviceState.FAILED : DeviceState.DISCOVERED,
                    rec.pinned != null ? "pinned driver " + rec.pinned + " does not match"
                            : "no driver matches (all scores 0)", null);
        } else if (outcome instanceof Released r) {
            String why = r.error().isEmpty() ? "released by " + r.driver().name
                    : "released by " + r.driver().name + " with an error: " + r.error();
            if (rec.manual) {
                transition(rec, DeviceState.DISCOVERED, "unbound by administrator; " + why, null);
            } else if (rec.handoverBundle != null) {
                transition(rec, DeviceState.DISCOVERED, "driver " + r.driver().name + " left; waiting up to "
                        + settings.handoverGraceMs() + " ms for its bundle to come back", null);
                schedule(rec);
            } else {
                transition(rec, DeviceState.DISCOVERED, why, null);
                schedule(rec);
            }
        }
        // Kept: a takeover was declined; nothing changes
        finishWaiters(rec);
    }

    private void countFailure(DriverRecord d, String reason) {
        if (d == null) {
            return;
        }
        d.consecutiveFailures++;
        if (!d.quarantined && d.consecutiveFailures >= settings.quarantineThreshold()) {
            d.quarantined = true;
            d.quarantineReason = d.consecutiveFailures + " failures in a row, last: " + reason;
        }
    }

    private void bindRecord(DeviceRecord rec, DriverRecord d, int score) {
        unbindRecord(rec); // a takeover or a rollback replaces the holder: count it once
        rec.bound = d;
        rec.boundScore = score;
        d.bound++;
    }

    private void unbindRecord(DeviceRecord rec) {
        if (rec.bound != null) {
            rec.bound.bound--;
            rec.bound = null;
        }
    }

    /** Calls remove() of a driver for a device the registry no longer tracks as bound to it. */
    private void release(DeviceRecord rec, DriverRecord d, String why) {
        pending.incrementAndGet();
        runner.submit(new CallbackRunner.Call() {
            @Override
            Object body() {
                releasing(rec.device, d);
                phase("remove", d, settings.removeMs());
                try {
                    d.driver.remove(rec.device);
                } catch (Throwable t) {
                    return t;
                } finally {
                    noPhase();
                }
                return null;
            }

            @Override
            void complete(Object outcome) {
                done();
            }

            @Override
            Object timedOut(String phase, DriverRecord driver, long millis) {
                return null;
            }

            @Override
            Object crashed(Throwable t) {
                return t;
            }
        });
    }

    private void releaseLate(DeviceRecord rec, Object outcome) {
        if (outcome instanceof Bound b) {
            post(() -> release(rec, b.driver(), "late probe after its deadline"));
        }
    }

    private Outcome callRemove(CallbackRunner.Call call, DriverRecord d, Device device) {
        releasing(device, d);
        call.phase("remove", d, settings.removeMs());
        try {
            d.driver.remove(device);
            return new Released(d, "");
        } catch (Throwable t) {
            return new Released(d, message(t));
        } finally {
            call.noPhase();
        }
    }

    private void unbindNow(DeviceRecord rec, String why) {
        DriverRecord d = rec.bound;
        if (d == null) {
            return;
        }
        unbindRecord(rec);
        rec.generation++;
        rec.busy = true;
        runner.submit(new EngineCall(rec) {
            @Override
            Object body() {
                return callRemove(this, d, rec.device);
            }
        });
    }

    private void retryDeferred() {
        if (deferred.isEmpty()) {
            return;
        }
        List<DeviceRecord> list = new ArrayList<>(deferred);
        list.sort(Comparator.comparing(r -> r.id));
        for (DeviceRecord rec : list) {
            if (rec.state == DeviceState.DEFERRED && !rec.busy) {
                schedule(rec);
            }
        }
    }

    private List<DeviceRecord> sortedDevices() {
        return devices.values().stream().sorted(Comparator.comparing(r -> r.id)).toList();
    }

    // ---------------------------------------------------------------- takeover and explicit binds

    /**
     * Offers a bound device to an arriving driver: if the newcomer outranks the holder (and, under
     * the idle policy, the holder says the device is not busy), suspend and remove the old driver,
     * probe the new one, and on failure probe the old one again.
     */
    private void takeover(DeviceRecord rec, DriverRecord newcomer) {
        DriverRecord old = rec.bound;
        int oldScore = rec.boundScore;
        TakeoverPolicy policy = settings.takeover();
        rec.generation++;
        rec.busy = true;
        runner.submit(new EngineCall(rec) {
            @Override
            Object body() {
                return replace(this, rec, old, oldScore, newcomer, policy, true);
            }

            @Override
            void late(Object outcome) {
                releaseLate(rec, outcome);
            }
        });
    }

    /** Worker side of a takeover or an administrator's bind. */
    private Outcome replace(CallbackRunner.Call call, DeviceRecord rec, DriverRecord old, int oldScore,
            DriverRecord newcomer, TakeoverPolicy policy, boolean mustOutrank) {
        Settings s = settings;
        call.phase("match", newcomer, s.matchMs());
        int score;
        try {
            score = newcomer.driver.match(rec.device);
        } catch (Throwable t) {
            return new Kept("match by " + newcomer.name + " failed: " + message(t));
        } finally {
            call.noPhase();
        }
        if (score <= 0) {
            return mustOutrank ? new Kept(newcomer.name + " does not match")
                    : new Failed(newcomer, newcomer.name + " scores 0 for " + rec.id, false, List.of(), old, oldScore);
        }
        if (mustOutrank) {
            CandidateOrder.Scored n = new CandidateOrder.Scored(newcomer, score);
            CandidateOrder.Scored o = new CandidateOrder.Scored(old, oldScore);
            if (!CandidateOrder.outranks(n, o)) {
                return new Kept(newcomer.name + " does not outrank " + old.name);
            }
            if (policy == TakeoverPolicy.IDLE) {
                call.phase("busy", old, s.matchMs());
                boolean busy;
                try {
                    busy = old.driver.busy(rec.device);
                } catch (Throwable t) {
                    busy = true;
                } finally {
                    call.noPhase();
                }
                if (busy) {
                    return new Kept(old.name + " reports the device busy");
                }
            }
            releasing(rec.device, old);
            call.phase("suspend", old, s.suspendMs());
            try {
                old.driver.suspend(rec.device);
            } catch (Throwable t) {
                boundNow(rec.device, old); // it keeps the device
                return new Kept("suspend by " + old.name + " failed: " + message(t));
            } finally {
                call.noPhase();
            }
        }
        if (old != null) {
            if (!mustOutrank) {
                releasing(rec.device, old);
            }
            call.phase("remove", old, s.removeMs());
            try {
                old.driver.remove(rec.device);
            } catch (Throwable t) {
                // the old driver reported a problem while letting go; carry on with the new one
            } finally {
                call.noPhase();
            }
        }
        post(() -> probingStarted(rec, call, newcomer));
        Outcome init = ensureInit(call, newcomer);
        String failure;
        if (init == null) {
            call.phase("probe", newcomer, s.probeMs());
            try {
                newcomer.driver.probe(rec.device);
                List<Candidate> c = old == null
                        ? List.of(new Candidate(newcomer.name, newcomer.serviceId, score, newcomer.ranking, "chosen"))
                        : List.of(new Candidate(newcomer.name, newcomer.serviceId, score, newcomer.ranking, "chosen"),
                                new Candidate(old.name, old.serviceId, oldScore, old.ranking,
                                        mustOutrank ? "lost: outranked (" + CandidateOrder.decidingRule(
                                                new CandidateOrder.Scored(newcomer, score),
                                                new CandidateOrder.Scored(old, oldScore)) + "), taken over"
                                                : "replaced by administrator"));
                return new Bound(newcomer, score, c, mustOutrank ? "takeover (" + policy.name().toLowerCase() + ")"
                        : "administrator", old == null ? "" : (mustOutrank ? "taken over from " : "bound by administrator, replacing ")
                                + old.name);
            } catch (Throwable t) {
                failure = "probe by " + newcomer.name + " failed: " + message(t);
            } finally {
                call.noPhase();
            }
        } else {
            failure = ((Failed) init).reason();
        }
        if (old == null) {
            return new Failed(newcomer, failure, true, List.of(), null, 0);
        }
        call.phase("probe", old, s.probeMs());
        try {
            old.driver.probe(rec.device);
            return new Failed(newcomer, failure, true, List.of(), old, oldScore);
        } catch (Throwable t) {
            return new Failed(old, failure + "; rollback probe by " + old.name + " failed: " + message(t), true,
                    List.of(), null, 0);
        } finally {
            call.noPhase();
        }
    }

    DeviceInfo bind(String deviceId, String driverRef) throws HalException {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        HalException err = onBinder(() -> {
            DeviceRecord rec = devices.get(deviceId);
            if (rec == null) {
                return new HalException(ErrorCode.NOT_FOUND, "no device '" + deviceId + "'");
            }
            DriverRecord d = findDriver(driverRef);
            if (d == null) {
                return new HalException(ErrorCode.NOT_FOUND, "no driver '" + driverRef + "'");
            }
            if (!d.serves(rec.deviceClass)) {
                return new HalException(ErrorCode.INVALID_ARGUMENT, "driver " + d.name + " does not serve class "
                        + rec.deviceClass + " of " + deviceId + " (it serves " + d.sortedClasses() + ")");
            }
            if (rec.busy) {
                return new HalException(ErrorCode.CONFLICT, deviceId + " is busy (" + rec.state + "); try again");
            }
            rec.manual = false;
            rec.pinned = d.name;
            admin.pin(rec.id, d.name);
            rec.failed.remove(d.serviceId);
            rec.waiters.add(waiter);
            if (rec.bound == d) {
                finishWaiters(rec);
                return null;
            }
            DriverRecord old = rec.bound;
            int oldScore = rec.boundScore;
            if (old == null) {
                schedule(rec);
                if (!rec.busy) {
                    finishWaiters(rec);
                }
                return null;
            }
            unbindRecord(rec);
            rec.generation++;
            rec.busy = true;
            runner.submit(new EngineCall(rec) {
                @Override
                Object body() {
                    return replace(this, rec, old, oldScore, d, TakeoverPolicy.BETTER, false);
                }

                @Override
                void late(Object outcome) {
                    releaseLate(rec, outcome);
                }
            });
            return null;
        });
        if (err != null) {
            throw err;
        }
        await(waiter);
        DeviceInfo info = device(deviceId).orElseThrow(() -> new HalException(ErrorCode.DEVICE_GONE,
                deviceId + " went away during bind"));
        if (!info.state().isBound() || !matchesDriver(info, driverRef)) {
            onBinder(() -> { // a bind that did not take leaves no pin behind
                DeviceRecord rec = devices.get(deviceId);
                if (rec != null && rec.pinned != null) {
                    rec.pinned = null;
                    admin.clear(deviceId);
                }
                return null;
            });
            throw new HalException(ErrorCode.DRIVER_FAILED, "bind of " + deviceId + " to " + driverRef
                    + " did not succeed: " + info.state() + ": " + info.reason());
        }
        return info;
    }

    private static boolean matchesDriver(DeviceInfo info, String ref) {
        return info.driver().equals(ref) || Long.toString(info.driverServiceId()).equals(ref);
    }

    DeviceInfo unbind(String deviceId) throws HalException {
        return control(deviceId, rec -> {
            rec.manual = true;
            rec.pinned = null;
            admin.keepUnbound(rec.id);
            if (rec.bound != null && !rec.busy) {
                unbindNow(rec, "unbound by administrator");
            } else if (!rec.busy && rec.state != DeviceState.DISCOVERED) {
                transition(rec, DeviceState.DISCOVERED, "unbound by administrator", null);
            }
        });
    }

    DeviceInfo rebind(String deviceId) throws HalException {
        return control(deviceId, rec -> {
            rec.manual = false;
            rec.pinned = null;
            admin.clear(rec.id);
            rec.failed.clear();
            if (rec.busy) {
                return;
            }
            if (rec.bound != null) {
                unbindNow(rec, "rebind requested");
            } else {
                schedule(rec);
            }
        });
    }

    private DeviceInfo control(String deviceId, java.util.function.Consumer<DeviceRecord> op) throws HalException {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        boolean found = onBinder(() -> {
            DeviceRecord rec = devices.get(deviceId);
            if (rec == null) {
                return false;
            }
            rec.waiters.add(waiter);
            op.accept(rec);
            if (!rec.busy) {
                finishWaiters(rec);
            }
            return true;
        });
        if (!found) {
            throw new HalException(ErrorCode.NOT_FOUND, "no device '" + deviceId + "'");
        }
        await(waiter);
        return device(deviceId).orElseThrow(() -> new HalException(ErrorCode.DEVICE_GONE, deviceId + " went away"));
    }

    private void await(CompletableFuture<Void> waiter) throws HalException {
        Settings s = settings;
        long bound = s.matchMs() * 4 + s.initMs() + s.probeMs() * 2 + s.suspendMs() + s.removeMs() + 5_000;
        try {
            waiter.get(bound, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalException(ErrorCode.TIMEOUT, "interrupted while waiting");
        } catch (ExecutionException | TimeoutException e) {
            throw new HalException(ErrorCode.TIMEOUT, "the registry did not finish the operation in " + bound + " ms");
        }
    }

    private void finishWaiters(DeviceRecord rec) {
        if (!rec.busy || rec.removed) {
            for (CompletableFuture<Void> w : rec.waiters) {
                w.complete(null);
            }
            rec.waiters.clear();
        }
    }

    private DriverRecord findDriver(String ref) {
        if (ref == null) {
            return null;
        }
        for (DriverRecord d : drivers.values()) {
            if (d.name.equals(ref) || Long.toString(d.serviceId).equals(ref)) {
                return d;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- power

    private int depth(DeviceRecord rec) {
        int depth = 0;
        String p = rec.parentId;
        while (p != null && depth < 64) {
            DeviceRecord parent = devices.get(p);
            if (parent == null) {
                break;
            }
            depth++;
            p = parent.parentId;
        }
        return depth;
    }

    private boolean inSubtree(DeviceRecord rec, String rootId) {
        int guard = 0;
        for (DeviceRecord r = rec; r != null && guard++ < 64; r = r.parentId == null ? null : devices.get(r.parentId)) {
            if (r.id.equals(rootId)) {
                return true;
            }
        }
        return false;
    }

    private record PowerItem(DeviceRecord rec, DriverRecord driver) {
    }

    PowerReport suspend(String deviceId) throws HalException {
        return powerOp(deviceId, true);
    }

    PowerReport resume(String deviceId) throws HalException {
        return powerOp(deviceId, false);
    }

    PowerReport suspendAll() {
        try {
            return powerOp(null, true);
        } catch (HalException e) {
            throw new IllegalStateException(e);
        }
    }

    PowerReport resumeAll() {
        try {
            return powerOp(null, false);
        } catch (HalException e) {
            throw new IllegalStateException(e);
        }
    }

    private PowerReport powerOp(String rootId, boolean suspend) throws HalException {
        Future<PowerReport> f = power.submit(() -> runPower(rootId, suspend));
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalException(ErrorCode.TIMEOUT, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HalException h) {
                throw h;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private PowerReport runPower(String rootId, boolean suspend) throws HalException {
        DeviceState wanted = suspend ? DeviceState.ACTIVE : DeviceState.SUSPENDED;
        List<PowerItem> items = onBinder(() -> {
            if (rootId != null && !devices.containsKey(rootId)) {
                return null;
            }
            Comparator<DeviceRecord> byDepth = Comparator.comparingInt(this::depth);
            Comparator<DeviceRecord> order = (suspend ? byDepth.reversed() : byDepth).thenComparing(r -> r.id);
            List<PowerItem> list = new ArrayList<>();
            for (DeviceRecord r : devices.values().stream().sorted(order).toList()) {
                if (r.state == wanted && r.bound != null && !r.busy && (rootId == null || inSubtree(r, rootId))) {
                    r.busy = true;
                    r.generation++;
                    list.add(new PowerItem(r, r.bound));
                }
            }
            return list;
        });
        if (items == null) {
            throw new HalException(ErrorCode.NOT_FOUND, "no device '" + rootId + "'");
        }
        List<PowerReport.Step> steps = new ArrayList<>();
        List<PowerItem> doneItems = new ArrayList<>();
        boolean ok = true;
        java.util.Set<String> failedParents = new java.util.HashSet<>();
        for (PowerItem it : items) {
            if (!suspend && it.rec().parentId != null && failedParents.contains(it.rec().parentId)) {
                failedParents.add(it.rec().id);
                steps.add(new PowerReport.Step(it.rec().id, "resume", false, "parent " + it.rec().parentId
                        + " did not resume", 0));
                ok = false;
                continue;
            }
            PowerReport.Step step = powerCall(it, suspend ? "suspend" : "resume");
            steps.add(step);
            if (step.ok()) {
                doneItems.add(it);
                DeviceState to = suspend ? DeviceState.SUSPENDED : DeviceState.ACTIVE;
                post(() -> transition(it.rec(), to, (suspend ? "suspended" : "resumed") + " by " + it.driver().name,
                        it.driver()));
            } else {
                ok = false;
                if (suspend) {
                    // unwind: resume what was suspended, in reverse order
                    for (int i = doneItems.size() - 1; i >= 0; i--) {
                        PowerItem back = doneItems.get(i);
                        PowerReport.Step r = powerCall(back, "unwind-resume");
                        steps.add(r);
                        post(() -> transition(back.rec(), r.ok() ? DeviceState.ACTIVE : DeviceState.FAILED,
                                r.ok() ? "resumed after " + it.rec().id + " failed to suspend"
                                        : "unwind resume failed: " + r.error(), back.driver()));
                    }
                    break;
                }
                failedParents.add(it.rec().id);
                post(() -> transition(it.rec(), DeviceState.FAILED, "resume failed: " + step.error(), it.driver()));
            }
        }
        onBinder(() -> {
            for (PowerItem it : items) {
                it.rec().busy = false;
                finishWaiters(it.rec());
                catchUp(it.rec());
            }
            return null;
        });
        return new PowerReport(suspend ? "suspend" : "resume", ok, steps);
    }

    private PowerReport.Step powerCall(PowerItem it, String action) {
        boolean isSuspend = action.equals("suspend");
        long millis = isSuspend ? settings.suspendMs() : settings.resumeMs();
        CompletableFuture<PowerReport.Step> result = new CompletableFuture<>();
        long start = System.nanoTime();
        runner.submit(new CallbackRunner.Call() {
            @Override
            Object body() {
                phase(isSuspend ? "suspend" : "resume", it.driver(), millis);
                try {
                    if (isSuspend) {
                        it.driver().driver.suspend(it.rec().device);
                    } else {
                        it.driver().driver.resume(it.rec().device);
                    }
                    return "";
                } catch (Throwable t) {
                    return message(t);
                } finally {
                    noPhase();
                }
            }

            @Override
            void complete(Object outcome) {
                String err = (String) outcome;
                result.complete(new PowerReport.Step(it.rec().id, action, err.isEmpty(), err,
                        System.nanoTime() - start));
            }

            @Override
            Object timedOut(String phase, DriverRecord driver, long ms) {
                return phase + " by " + driver.name + " missed its deadline of " + ms + " ms";
            }

            @Override
            Object crashed(Throwable t) {
                return "registry error: " + t;
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PowerReport.Step(it.rec().id, action, false, "interrupted", System.nanoTime() - start);
        } catch (ExecutionException e) {
            return new PowerReport.Step(it.rec().id, action, false, String.valueOf(e.getCause()), 0);
        }
    }

    // ---------------------------------------------------------------- quarantine

    List<DriverInfo> quarantined() {
        return onBinder(() -> drivers.values().stream().filter(d -> d.quarantined)
                .sorted(Comparator.comparing((DriverRecord d) -> d.name).thenComparingLong(d -> d.serviceId))
                .map(this::info).toList());
    }

    int clearQuarantine(String ref) throws HalException {
        int n = onBinder(() -> {
            int count = 0;
            for (DriverRecord d : drivers.values()) {
                if (d.quarantined && ("all".equals(ref) || d.name.equals(ref) || Long.toString(d.serviceId).equals(ref))) {
                    d.quarantined = false;
                    d.quarantineReason = "";
                    d.consecutiveFailures = 0;
                    count++;
                    for (DeviceRecord rec : sortedDevices()) {
                        rec.failed.remove(d.serviceId);
                    }
                }
            }
            if (count > 0) {
                for (DeviceRecord rec : sortedDevices()) {
                    if (!rec.isBound() && (rec.state == DeviceState.QUARANTINED || rec.state == DeviceState.FAILED)) {
                        schedule(rec);
                    }
                }
            }
            return count;
        });
        if (n == 0 && !"all".equals(ref)) {
            throw new HalException(ErrorCode.NOT_FOUND, "no quarantined driver '" + ref + "'");
        }
        return n;
    }

    // ---------------------------------------------------------------- transitions and queries

    private void transition(DeviceRecord rec, DeviceState to, String reason, DriverRecord driver) {
        long now = System.nanoTime();
        long spent = now - rec.enteredNanos;
        DeviceState from = rec.state;
        rec.timings.put(from, spent);
        rec.state = to;
        if (to == DeviceState.DEFERRED) {
            deferred.add(rec);
        } else if (from == DeviceState.DEFERRED) {
            deferred.remove(rec);
        }
        rec.reason = reason;
        rec.enteredNanos = now;
        rec.since = Instant.now();
        rec.device.updateStatus(new DeviceStatus(to, reason, rec.since));
        Transition t = new Transition(rec.since, rec.id, from, to, reason, driver == null ? "" : driver.name, spent);
        history.addLast(t);
        trimHistory();
        if (listener != null) {
            try {
                listener.transition(t, rec.deviceClass);
            } catch (RuntimeException e) {
                // a broken listener must not stop binding
            }
        }
    }

    private void trimHistory() {
        int cap = settings.eventsCapacity();
        while (history.size() > cap) {
            history.removeFirst();
        }
    }

    private DeviceInfo info(DeviceRecord r) {
        DriverRecord d = r.bound;
        Map<String, Long> timings = new LinkedHashMap<>();
        r.timings.forEach((k, v) -> timings.put(k.name(), v));
        return new DeviceInfo(r.id, r.deviceClass, r.device.devfsPath().orElse(""), r.parentId == null ? "" : r.parentId,
                r.state, r.reason, d == null ? "" : d.name, d == null ? 0 : d.serviceId, r.since,
                r.device.properties(), timings);
    }

    private DriverInfo info(DriverRecord d) {
        return new DriverInfo(d.serviceId, d.name, d.bundle, d.bundleVersion, d.ranking, d.sortedClasses(), d.bound,
                d.initState == DriverRecord.Init.OK, d.consecutiveFailures, d.quarantined, d.quarantineReason);
    }

    List<DeviceInfo> devices() {
        return onBinder(() -> sortedDevices().stream().map(this::info).toList());
    }

    Optional<DeviceInfo> device(String id) {
        return onBinder(() -> Optional.ofNullable(devices.get(id)).map(this::info));
    }

    List<DriverInfo> drivers() {
        return onBinder(() -> drivers.values().stream()
                .sorted(Comparator.comparing((DriverRecord d) -> d.name).thenComparingLong(d -> d.serviceId))
                .map(this::info).toList());
    }

    List<Transition> transitions(int limit) {
        return onBinder(() -> {
            List<Transition> all = new ArrayList<>(history);
            return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size()));
        });
    }

    Explanation explain(String deviceId) throws HalException {
        Explanation e = onBinder(() -> {
            DeviceRecord rec = devices.get(deviceId);
            if (rec == null) {
                return null;
            }
            List<Candidate> cands = new ArrayList<>();
            Map<Long, DriverRecord> current = new HashMap<>();
            for (DriverRecord d : candidatesFor(rec)) {
                current.put(d.serviceId, d);
            }
            for (Candidate c : rec.lastCandidates) {
                DriverRecord d = current.remove(c.serviceId());
                String verdict = c.verdict();
                if (d == null) {
                    verdict = verdict + " (driver gone since)";
                } else if (d == rec.bound) {
                    verdict = "bound";
                } else if (d.quarantined) {
                    verdict = "quarantined: " + d.quarantineReason;
                } else if (rec.failed.contains(d.serviceId)) {
                    verdict = "failed in this round";
                }
                cands.add(new Candidate(c.driver(), c.serviceId(), c.score(), d == null ? c.ranking() : d.ranking,
                        verdict));
            }
            for (DriverRecord d : current.values()) {
                cands.add(new Candidate(d.name, d.serviceId, 0, d.ranking, d == rec.bound ? "bound"
                        : d.quarantined ? "quarantined: " + d.quarantineReason : "not scored for this binding"));
            }
            String decided = rec.pinned != null ? "administrator" : rec.decidedBy;
            return new Explanation(rec.id, rec.state, rec.reason, rec.bound == null ? "" : rec.bound.name, decided,
                    rec.state == DeviceState.DEFERRED ? rec.waitsFor : "", cands);
        });
        if (e == null) {
            throw new HalException(ErrorCode.NOT_FOUND, "no device '" + deviceId + "'");
        }
        return e;
    }

    boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settleLock) {
            while (pending.get() != 0 || !startedFlag) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                settleLock.wait(Math.min(left, 100));
            }
            return true;
        }
    }

    /** @return operations queued, running or waiting (discoveries, grace periods); 0 when settled */
    int pendingOperations() {
        return pending.get();
    }

    int stuckThreads() {
        return runner.stuckThreads();
    }

    @Override
    public void close() {
        binder.shutdownNow();
        power.shutdownNow();
        timer.shutdownNow();
        runner.close();
    }
}
