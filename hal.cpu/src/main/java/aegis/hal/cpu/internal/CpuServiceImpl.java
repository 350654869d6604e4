package aegis.hal.cpu.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.CpuInventory;
import aegis.hal.cpu.CpuService;
import aegis.hal.cpu.CpuTemperature;
import aegis.hal.cpu.CpuTimes;
import aegis.hal.cpu.CpuUsage;
import aegis.hal.cpu.CpuWriteAuthorizer;
import aegis.hal.cpu.CpuWriteRequest;
import aegis.hal.cpu.CpuidInfo;
import aegis.hal.cpu.PerCpu;
import aegis.hal.cpu.internal.parse.ProcStatParser;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The {@link CpuService}: reads the host through the {@link HostRoot} service. The inventory is
 * read on first use and cached until {@link #refresh()}; everything else is read live.
 *
 * <p>Writes (governor, limits) are validated, then passed to the {@link CpuWriteAuthorizer} hook
 * (the capability bundle's ADMIN+WRITE check), then written through the host root. Thread-safe.
 */
@Component(service = CpuService.class, configurationPid = CpuServiceImpl.PID)
@Designate(ocd = CpuServiceImpl.Config.class)
public final class CpuServiceImpl implements CpuService {
    /** The configuration PID. */
    public static final String PID = "aegis.hal.cpu";

    /** What happens to a write when no {@link CpuWriteAuthorizer} service is there. */
    public enum WritePolicy {
        /** Refuse writes unless an authorizer allows them (the default). */
        AUTHORIZER,
        /** Allow writes when no authorizer is there (development, fixture trees). */
        OPEN,
        /** Refuse every write. */
        READ_ONLY
    }

    /** Configuration of the CPU service. */
    @ObjectClassDefinition(name = "Aegis HAL CPU", description = "The CPU subsystem's service")
    public @interface Config {
        /** @return whether to read CPUID from /dev/cpu/N/cpuid when it is readable */
        @AttributeDefinition(description = "Read CPUID from /dev/cpu/N/cpuid when it is readable")
        boolean cpuid() default true;

        /** @return what to do with writes when no CpuWriteAuthorizer service is registered */
        @AttributeDefinition(description = "Writes without a CpuWriteAuthorizer service: AUTHORIZER refuses "
                + "them, OPEN allows them, READ_ONLY refuses every write", options = {
                    @Option(value = "AUTHORIZER"), @Option(value = "OPEN"), @Option(value = "READ_ONLY")})
        String writePolicy() default "AUTHORIZER";

        /** @return how many threads read the CPU files; 0 picks min(4, available processors) */
        @AttributeDefinition(description = "Threads that read the CPU files (0: min(4, available processors); "
                + "1: the calling thread only)", min = "0", max = "64")
        int readerThreads() default 0;
    }

    private final HostRoot host;
    private final boolean readCpuid;
    private final WritePolicy writePolicy;
    private final CpuInventoryReader reader;
    private final CpuFreqAccess freq;
    private final CpuidReader cpuidReader;
    private final TemperatureReader temperatures;
    private final AtomicReference<CpuInventory> inventory = new AtomicReference<>();
    private final Object readLock = new Object();
    private final int parallelism;
    private final ExecutorService pool;
    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CpuWriteAuthorizer authorizer;

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
    private Logger logger;

    /**
     * @param host   the host root service
     * @param config the configuration
     */
    @Activate
    public CpuServiceImpl(@Reference(name = "host") HostRoot host, Config config) {
        this(host, config.cpuid(), parsePolicy(config.writePolicy()), config.readerThreads());
    }

    /**
     * Builds the service outside a framework (tests, benchmarks).
     *
     * @param host        the host root
     * @param readCpuid   whether to read {@code /dev/cpu/N/cpuid}
     * @param writePolicy what to do with writes when no authorizer is set
     */
    public CpuServiceImpl(HostRoot host, boolean readCpuid, WritePolicy writePolicy) {
        this(host, readCpuid, writePolicy, 1);
    }

    /**
     * Builds the service outside a framework (tests, benchmarks), reading with several threads.
     * Call {@link #close()} when done.
     *
     * @param host          the host root
     * @param readCpuid     whether to read {@code /dev/cpu/N/cpuid}
     * @param writePolicy   what to do with writes when no authorizer is set
     * @param readerThreads threads that read the CPU files; 0 picks min(4, available processors)
     */
    public CpuServiceImpl(HostRoot host, boolean readCpuid, WritePolicy writePolicy, int readerThreads) {
        int threads = readerThreads > 0 ? readerThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
        this.parallelism = Math.max(1, threads);
        this.pool = parallelism > 1 ? Executors.newFixedThreadPool(parallelism - 1, r -> {
            Thread t = new Thread(r, "hal-cpu-reader-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) : null;
        this.host = host;
        this.readCpuid = readCpuid;
        this.writePolicy = writePolicy;
        this.reader = new CpuInventoryReader(host);
        this.freq = new CpuFreqAccess(host);
        this.cpuidReader = new CpuidReader(host);
        this.temperatures = new TemperatureReader(host);
    }

    private static WritePolicy parsePolicy(String s) {
        try {
            return WritePolicy.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return WritePolicy.AUTHORIZER;
        }
    }

    /** Stops the reader threads. */
    @Deactivate
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * Sets the authorizer outside a framework (tests).
     *
     * @param authorizer the hook, or null for none
     */
    void setAuthorizer(CpuWriteAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** @return the host root this service reads */
    public HostRoot host() {
        return host;
    }

    @Override
    public CpuInventory inventory() throws HalException {
        CpuInventory inv = inventory.get();
        return inv != null ? inv : refresh();
    }

    @Override
    public CpuInventory refresh() throws HalException {
        synchronized (readLock) { // one host walk at a time; readers of the old snapshot are not blocked
            CpuInventory inv = reader.read(pool, parallelism);
            inventory.set(inv);
            return inv;
        }
    }

    @Override
    public Map<String, String> vulnerabilities() throws HalException {
        return reader.vulnerabilities();
    }

    private void requireCpu(int cpu) throws HalException {
        if (inventory().cpu(cpu).isEmpty()) {
            throw new HalException(ErrorCode.NOT_FOUND, "no CPU " + cpu + " on this host (CPUs: "
                    + aegis.hal.cpu.internal.parse.CpuList.format(inventory().present()) + ")");
        }
    }

    @Override
    public Optional<CpuidInfo> cpuid(int cpu) throws HalException {
        requireCpu(cpu);
        return readCpuid ? cpuidReader.read(cpu) : Optional.empty();
    }

    @Override
    public Optional<CpuFreqPolicy> cpufreq(int cpu) throws HalException {
        requireCpu(cpu);
        return freq.policyOf(cpu);
    }

    /** Who checked the requesting bundle's permission before a write reached this service. */
    public enum WriteOrigin {
        /** A caller of {@link CpuService}: the {@link CpuWriteAuthorizer} or the {@link WritePolicy} decides. */
        API,
        /**
         * A sysfs attribute of this bundle ({@link CpuSysfsAttributes}): the sysfs bundle has checked the
         * requesting bundle's ADMIN and WRITE through the capability service before calling. An
         * authorizer, when there is one, is still asked; {@link WritePolicy#READ_ONLY} still refuses.
         */
        SYSFS
    }

    @Override
    public void setGovernor(int cpu, String governor) throws HalException {
        setGovernor(cpu, governor, WriteOrigin.API);
    }

    /**
     * {@link #setGovernor(int, String)} for a caller whose permission was checked as {@code origin} says.
     *
     * @param cpu      a CPU number
     * @param governor one of the policy's available governors
     * @param origin   who checked the requester's permission
     * @throws HalException as {@link #setGovernor(int, String)}
     */
    public void setGovernor(int cpu, String governor, WriteOrigin origin) throws HalException {
        CpuFreqPolicy p = policyForWrite(cpu);
        CpuFreqAccess.validateGovernor(p, governor);
        authorize(new CpuWriteRequest(cpu, "scaling_governor", governor), origin);
        freq.writeGovernor(p, governor);
        log("cpu{}: {} governor set to {}", cpu, p.policy(), governor);
    }

    @Override
    public void setFrequencyLimits(int cpu, long minKHz, long maxKHz) throws HalException {
        setFrequencyLimits(cpu, minKHz, maxKHz, WriteOrigin.API);
    }

    /**
     * {@link #setFrequencyLimits(int, long, long)} for a caller whose permission was checked as
     * {@code origin} says.
     *
     * @param cpu    a CPU number
     * @param minKHz the new {@code scaling_min_freq}
     * @param maxKHz the new {@code scaling_max_freq}
     * @param origin who checked the requester's permission
     * @throws HalException as {@link #setFrequencyLimits(int, long, long)}
     */
    public void setFrequencyLimits(int cpu, long minKHz, long maxKHz, WriteOrigin origin) throws HalException {
        CpuFreqPolicy p = policyForWrite(cpu);
        CpuFreqAccess.validateLimits(p, minKHz, maxKHz);
        authorize(new CpuWriteRequest(cpu, "scaling_min_freq", Long.toString(minKHz)), origin);
        authorize(new CpuWriteRequest(cpu, "scaling_max_freq", Long.toString(maxKHz)), origin);
        freq.writeLimits(p, minKHz, maxKHz);
        log("cpu{}: {} limits set to {}..{} kHz", cpu, p.policy(), minKHz, maxKHz);
    }

    private CpuFreqPolicy policyForWrite(int cpu) throws HalException {
        requireCpu(cpu);
        return freq.policyOf(cpu).orElseThrow(() -> new HalException(ErrorCode.UNSUPPORTED,
                "cpu" + cpu + ": " + CpuFreqPolicy.NO_DRIVER + "; nothing changed"));
    }

    /*
     * The capability hook: ADMIN and WRITE on the CPU are checked by a CpuWriteAuthorizer when one is
     * registered. Without one, a write from this bundle's sysfs attributes is allowed (sysfs checked
     * ADMIN and WRITE of the requesting bundle through the capability service), and the configured
     * WritePolicy decides the others.
     */
    private void authorize(CpuWriteRequest request, WriteOrigin origin) throws HalException {
        if (writePolicy == WritePolicy.READ_ONLY) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "CPU settings are read-only (" + PID
                    + " writePolicy=READ_ONLY); nothing changed");
        }
        CpuWriteAuthorizer a = authorizer;
        if (a != null) {
            a.authorize(request);
        } else if (origin != WriteOrigin.SYSFS && writePolicy != WritePolicy.OPEN) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "writing " + request.attribute() + " of cpu"
                    + request.cpu() + " needs ADMIN and WRITE, and no capability check (CpuWriteAuthorizer) is "
                    + "available; nothing changed");
        }
    }

    @Override
    public List<CpuTimes> times() throws HalException {
        String text = host.readOptional("/proc/stat").orElseThrow(() -> new HalException(ErrorCode.IO,
                "/proc/stat: cannot be read"));
        return ProcStatParser.parse(text, "/proc/stat");
    }

    @Override
    public List<CpuUsage> usage(Duration interval) throws HalException, InterruptedException {
        if (interval == null || interval.toMillis() < 1 || interval.toMillis() > 60_000) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "sampling interval must be 1 ms to 60 s, got "
                    + interval);
        }
        List<CpuTimes> before = times();
        Thread.sleep(interval.toMillis()); // the sampling interval itself, not a synchronisation
        return usageBetween(before, times());
    }

    /**
     * @param before an earlier {@link #times()} reading
     * @param after  a later one
     * @return the usage per CPU present in both, the aggregate first
     */
    public static List<CpuUsage> usageBetween(List<CpuTimes> before, List<CpuTimes> after) {
        Map<Integer, CpuTimes> old = new HashMap<>();
        before.forEach(t -> old.put(t.cpu(), t));
        List<CpuUsage> out = new ArrayList<>();
        for (CpuTimes t : after) {
            CpuTimes b = old.get(t.cpu());
            if (b != null) {
                out.add(CpuUsage.between(b, t));
            }
        }
        return out;
    }

    @Override
    public List<CpuTemperature> temperatures() {
        return temperatures.read();
    }

    @Override
    public <T> PerCpu<T> perCpu(IntFunction<? extends T> initial) throws HalException {
        List<Integer> possible = inventory().possible();
        int size = possible.isEmpty() ? 0 : possible.get(possible.size() - 1) + 1;
        return PerCpu.of(size, initial);
    }

    private void log(String format, Object... args) {
        Logger l = logger;
        if (l != null) {
            l.info(format, args);
        }
    }
}
