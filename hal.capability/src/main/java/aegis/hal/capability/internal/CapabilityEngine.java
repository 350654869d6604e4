package aegis.hal.capability.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.osgi.framework.Bundle;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityAdmin;
import aegis.hal.capability.api.CapabilityEvent;
import aegis.hal.capability.api.CapabilityListener;
import aegis.hal.capability.api.Denial;
import aegis.hal.capability.api.Grant;
import aegis.hal.capability.api.Identity;
import aegis.hal.capability.api.KeyInfo;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.token.DevicePattern;
import aegis.hal.capability.token.Ed25519;
import aegis.hal.capability.token.Hex;
import aegis.hal.capability.token.TokenBody;
import aegis.hal.capability.token.TokenCodec;
import aegis.hal.capability.token.TokenFormatException;

/**
 * The capability engine: verified grants, the precomputed check table, revocation, expiry, keys,
 * persistence and the audit log. Plain Java (the OSGi glue is {@link CapabilityManager}), so tests
 * and benchmarks build it directly.
 *
 * <h2>The check table</h2> Grants are held in an immutable {@link Snapshot} published through one
 * volatile field. Each principal has a slot; the snapshot holds per slot the principal's grants and
 * a cache from devfs path to an {@link Entry}: the permission mask the principal holds on that path
 * and the monotonic interval in which that mask stays true (until the earliest expiry or not-before
 * among the grants that match). A check is: one volatile read, an array index, one hash lookup, one
 * monotonic clock read and two compares; it allocates nothing once the entry exists. Any change of
 * grants publishes a new snapshot with fresh caches, so a check that starts after a change returned
 * sees the change. Signatures are verified only when a token is granted, presented or loaded.
 *
 * <p>Thread-safe: checks are lock-free; changes are serialised on one lock.
 */
public final class CapabilityEngine implements CapabilityAdmin, AutoCloseable {

    /**
     * Tunables.
     *
     * @param maxDepth     the deepest attenuation allowed (root = 0), at most {@link TokenCodec#MAX_DEPTH}
     * @param cacheLimit   paths cached per principal (more are computed on each check)
     * @param auditSize    denials kept in the log
     * @param resyncPeriod how often the monotonic view is compared with the wall clock
     */
    public record Settings(int maxDepth, int cacheLimit, int auditSize, Duration resyncPeriod) {
        /** The defaults: depth 4, 4096 paths, 256 denials, 30 s. */
        public static final Settings DEFAULTS = new Settings(4, 4096, 256, Duration.ofSeconds(30));
    }

    /** Where EventAdmin events go (set by the OSGi glue). */
    @FunctionalInterface
    public interface EventSink {
        /**
         * @param topic      the topic
         * @param properties the event properties
         */
        void post(String topic, Map<String, Object> properties);
    }

    /** A verified grant as the table uses it. Immutable. */
    static final class GrantRecord {
        final Token token;
        final DevicePattern pattern;
        final long nbf;
        final long exp;
        final int slot;

        GrantRecord(Token token, DevicePattern pattern, long nbf, long exp, int slot) {
            this.token = token;
            this.pattern = pattern;
            this.nbf = nbf;
            this.exp = exp;
            this.slot = slot;
        }
    }

    /** What a principal holds on one path during [from, until) on the monotonic clock. Immutable. */
    static final class Entry {
        final int mask;
        final long from;
        final long until;

        Entry(int mask, long from, long until) {
            this.mask = mask;
            this.from = from;
            this.until = until;
        }
    }

    /** One principal's grants and its path cache. */
    static final class Table {
        final GrantRecord[] grants;
        final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

        Table(GrantRecord[] grants) {
            this.grants = grants;
        }

        Entry compute(String path, long now, int limit) {
            int mask = 0;
            long until = Long.MAX_VALUE;
            for (GrantRecord g : grants) {
                if (!g.pattern.matches(path)) {
                    continue;
                }
                if (now < g.nbf) {
                    until = Math.min(until, g.nbf);
                } else if (now < g.exp) {
                    mask |= g.token.permissions();
                    until = Math.min(until, g.exp);
                }
            }
            Entry e = new Entry(mask, now, until);
            if (cache.size() < limit) {
                cache.put(path, e);
            }
            return e;
        }
    }

    /** The published state. Immutable apart from the per-table caches. */
    static final class Snapshot {
        final Map<String, GrantRecord> grants;
        final Table[] tables;

        Snapshot(Map<String, GrantRecord> grants, Table[] tables) {
            this.grants = grants;
            this.tables = tables;
        }
    }

    private record Subscription(CapabilityListener listener, Principal only) {
    }

    private static final int DENIAL_EVENTS_PER_SECOND = 20;

    private final KeyRing keys;
    private final GrantStore store;
    private final Clock clock;
    private final TimeBase time;
    private final Settings settings;
    private final AuditLog audit;
    private final SecureRandom random;
    private final Executor events;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private final ConcurrentHashMap<Principal, Integer> slots = new ConcurrentHashMap<>();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final ConcurrentHashMap<Long, SubjectImpl> bundleSubjects = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Subscription> listeners = new CopyOnWriteArrayList<>();
    private final List<String> startupProblems = new ArrayList<>();
    // guarded by lock
    private final Map<String, Long> revoked = new LinkedHashMap<>();
    /** Grants that ended (revoked or expired), newest last, so a denial can say why; bounded. */
    private final java.util.ArrayDeque<Ended> ended = new java.util.ArrayDeque<>();
    private static final int ENDED_KEPT = 1024;

    private record Ended(Principal principal, DevicePattern pattern, int permissions, boolean revoked) {
    }
    private final Set<String> pending = new HashSet<>();
    private ScheduledFuture<?> nextTick;
    private long denialWindowStart;
    private int denialEventsInWindow;

    private volatile Snapshot snapshot = new Snapshot(Map.of(), new Table[0]);
    private volatile IdentityResolver identities;
    private volatile EventSink sink;
    private volatile BiConsumer<String, Throwable> warn = (m, t) -> { };
    private volatile boolean closed;

    /**
     * Creates the engine and loads the persisted grants, verifying each once.
     *
     * @param keys       the signing keys
     * @param storeFile  the grant store file, or {@code null} to keep grants in memory
     * @param identities how bundles get principals
     * @param clock      the clocks
     * @param settings   tunables
     * @param events     runs listener calls (one task at a time per engine is assumed by listeners:
     *                   pass a single-thread executor, or {@code Runnable::run} in tests)
     * @param timer      runs expiry ticks, or {@code null} to tick only through {@link #tick()}
     * @throws IOException if the store exists but cannot be read
     */
    public CapabilityEngine(KeyRing keys, Path storeFile, IdentityResolver identities, Clock clock, Settings settings,
            Executor events, ScheduledExecutorService timer) throws IOException {
        this.keys = keys;
        this.store = storeFile == null ? null : new GrantStore(storeFile);
        this.identities = identities;
        this.clock = clock;
        this.settings = settings;
        this.audit = new AuditLog(settings.auditSize());
        this.random = new SecureRandom();
        this.events = events;
        this.timer = timer;
        GrantStore.Stored stored = store == null ? new GrantStore.Stored(0, List.of(), Map.of(), List.of()) : store.load();
        this.time = new TimeBase(clock, stored.highWaterMillis());
        startupProblems.addAll(stored.problems());
        synchronized (lock) {
            long nowSec = time.wallMillisNow() / 1000;
            stored.revoked().forEach((id, exp) -> {
                if (exp > nowSec) {
                    revoked.put(id, exp);
                }
            });
            List<GrantRecord> loaded = new ArrayList<>();
            for (String text : stored.tokens()) {
                try {
                    Token t = verify(text);
                    if (revoked.containsKey(t.id())) {
                        continue;
                    }
                    loaded.add(record(t));
                } catch (HalException e) {
                    startupProblems.add("dropped stored grant: " + e.getMessage());
                }
            }
            loaded.sort(Comparator.comparingInt(g -> g.token.depth()));
            Map<String, GrantRecord> ok = new LinkedHashMap<>();
            long now = time.now();
            for (GrantRecord g : loaded) {
                if (g.exp <= now) {
                    continue;
                }
                if (!g.token.isRoot() && !ok.containsKey(g.token.parent())) {
                    startupProblems.add("dropped stored grant " + g.token.id() + ": parent " + g.token.parent() + " not granted");
                    continue;
                }
                if (now < g.nbf) {
                    pending.add(g.token.id());
                }
                ok.put(g.token.id(), g);
            }
            publish(ok.values(), Set.of());
            scheduleTick();
        }
    }

    // ---------------------------------------------------------------- wiring

    /**
     * Replaces how bundles get principals; forgets every cached bundle identity.
     *
     * @param identities the new resolver
     */
    public void setIdentities(IdentityResolver identities) {
        this.identities = identities;
        bundleSubjects.clear();
    }

    /**
     * Replaces how bundles get principals, forgets every cached bundle identity, and tells the
     * listeners about each installed bundle whose principal or trust changed: one
     * {@link CapabilityEvent.Type#IDENTITY} event per principal it gained or lost, so that guarded
     * registrations take services back from a bundle that lost them and announce them to one that
     * gained them. A bundle that changes trust without having a principal before or after gives no
     * event (trust is for HAL bundles; it applies at the next check and the next service event).
     *
     * @param identities the new resolver
     * @param installed  the installed bundles
     * @return the events delivered, in bundle order (for the log and tests)
     */
    public List<CapabilityEvent> setIdentities(IdentityResolver identities, Collection<Bundle> installed) {
        IdentityResolver before = this.identities;
        setIdentities(identities);
        Set<Principal> affected = new java.util.LinkedHashSet<>();
        for (Bundle b : installed) {
            Identity was = before.resolve(b.getBundleId(), b.getSymbolicName(), b.getLocation());
            Identity is = identities.resolve(b.getBundleId(), b.getSymbolicName(), b.getLocation());
            if (was.principal().equals(is.principal()) && was.trusted() == is.trusted()) {
                continue;
            }
            was.principal().ifPresent(affected::add);
            is.principal().ifPresent(affected::add);
        }
        List<CapabilityEvent> fired = new ArrayList<>();
        for (Principal p : affected) {
            fired.add(new CapabilityEvent(CapabilityEvent.Type.IDENTITY, p, "", "/dev/**"));
        }
        dispatch(fired);
        return fired;
    }

    /** @param sink where EventAdmin events go, or {@code null} */
    public void setEventSink(EventSink sink) {
        this.sink = sink;
    }

    /** @param warn where warnings go (message, cause or null) */
    public void setWarnings(BiConsumer<String, Throwable> warn) {
        this.warn = warn == null ? (m, t) -> { } : warn;
    }

    /** @return problems met while loading the store (for the log) */
    public List<String> startupProblems() {
        synchronized (lock) {
            return List.copyOf(startupProblems);
        }
    }

    /**
     * Forgets the cached identity of a bundle (it was updated or uninstalled).
     *
     * @param bundleId the bundle id
     */
    public void forget(long bundleId) {
        bundleSubjects.remove(bundleId);
    }

    /** @return the time base (wall-clock view of the monotonic clock) */
    public TimeBase time() {
        return time;
    }

    // ---------------------------------------------------------------- subjects

    /**
     * @param bundle a bundle
     * @return its subject (cached by bundle id)
     */
    public Subject subject(Bundle bundle) {
        long id = bundle.getBundleId();
        SubjectImpl s = bundleSubjects.get(id);
        if (s == null) {
            Identity ident = identity(bundle);
            String label = ident.principal().map(Principal::toString)
                    .orElse("bundle " + id + " " + ident.symbolicName());
            s = new SubjectImpl(this, ident.principal().map(this::slot).orElse(-1), ident.trusted(),
                    ident.principal().orElse(null), label);
            SubjectImpl raced = bundleSubjects.putIfAbsent(id, s);
            if (raced != null) {
                s = raced;
            }
        }
        return s;
    }

    /**
     * @param principal a principal
     * @return its (untrusted) subject
     */
    public Subject subject(Principal principal) {
        return new SubjectImpl(this, slot(principal), false, principal, principal.toString());
    }

    @Override
    public Identity identity(Bundle bundle) {
        return identities.resolve(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getLocation());
    }

    private int slot(Principal p) {
        Integer s = slots.get(p);
        if (s != null) {
            return s;
        }
        return slots.computeIfAbsent(p, k -> nextSlot.getAndIncrement());
    }

    // ---------------------------------------------------------------- checks (hot path)

    /**
     * See {@link aegis.hal.capability.api.CapabilityService#check}. A subject of another engine is
     * denied.
     *
     * @param subject     the subject
     * @param path        the devfs path
     * @param permissions the requested mask, 0 for any
     * @return whether allowed
     */
    public boolean check(Subject subject, String path, int permissions) {
        if (!(subject instanceof SubjectImpl si) || si.owner != this) {
            return false;
        }
        if (si.trusted) {
            return true;
        }
        int held = mask(si, path);
        boolean ok = permissions == 0 ? held != 0 : (held & permissions) == permissions;
        if (!ok) {
            deny(si, path, permissions, held);
        }
        return ok;
    }

    /**
     * @param subject     the subject
     * @param path        the devfs path
     * @param permissions the requested mask, 0 for any
     * @throws HalException PERMISSION_DENIED naming what is missing
     */
    public void require(Subject subject, String path, int permissions) throws HalException {
        if (!check(subject, path, permissions)) {
            int held = permissions(subject, path);
            int missing = permissions == 0 ? Permission.ALL : permissions & ~held;
            String what = subject + " lacks " + (permissions == 0 ? "any permission" : Permission.names(missing))
                    + " on " + path + " (holds " + Permission.names(held) + ")";
            Boolean revokedNotExpired = endedCover(subject, path, missing);
            if (revokedNotExpired != null) {
                throw new HalException(revokedNotExpired ? ErrorCode.REVOKED : ErrorCode.EXPIRED,
                        what + ": the grant that covered it " + (revokedNotExpired ? "was revoked" : "expired"));
            }
            throw new HalException(ErrorCode.PERMISSION_DENIED, what);
        }
    }

    /**
     * Why a denied subject lost access: a grant of its principal that covered the path and the
     * missing permissions ended. Cold path (only after a denial).
     *
     * @return {@code true} revoked, {@code false} expired, {@code null} never granted
     */
    private Boolean endedCover(Subject subject, String path, int missing) {
        Optional<Principal> p = subject.principal();
        if (p.isEmpty()) {
            return null;
        }
        synchronized (lock) {
            long now = time.now();
            for (GrantRecord g : snapshot.grants.values()) {
                if (g.exp <= now && g.token.principal().equals(p.get()) && g.pattern.matches(path)
                        && (g.token.permissions() & missing) == missing) {
                    return Boolean.FALSE; // expired, not yet swept by the timer
                }
            }
            java.util.Iterator<Ended> it = ended.descendingIterator();
            while (it.hasNext()) {
                Ended e = it.next();
                if (e.principal().equals(p.get()) && e.pattern().matches(path) && (e.permissions() & missing) == missing) {
                    return e.revoked();
                }
            }
        }
        return null;
    }

    private void ended(GrantRecord g, boolean wasRevoked) {
        ended.addLast(new Ended(g.token.principal(), g.pattern, g.token.permissions(), wasRevoked));
        while (ended.size() > ENDED_KEPT) {
            ended.removeFirst();
        }
    }

    /**
     * @param subject the subject
     * @param path    the devfs path
     * @return the mask held now; never records a denial
     */
    public int permissions(Subject subject, String path) {
        if (!(subject instanceof SubjectImpl si) || si.owner != this) {
            return 0;
        }
        return si.trusted ? Permission.ALL : mask(si, path);
    }

    private int mask(SubjectImpl si, String path) {
        int slot = si.slot;
        Table[] tables = snapshot.tables;
        if (slot < 0 || slot >= tables.length || path == null) {
            return 0;
        }
        Table t = tables[slot];
        if (t == null) {
            return 0;
        }
        long now = time.now();
        Entry e = t.cache.get(path);
        if (e == null || now < e.from || now >= e.until) {
            e = t.compute(path, now, settings.cacheLimit());
        }
        return e.mask;
    }

    /**
     * The hook predicate; see {@link aegis.hal.capability.api.CapabilityService#visible}.
     *
     * @param bundle    the consumer
     * @param devfsPath the device's path or {@code null}
     * @return whether visible; {@code false} on any failure
     */
    public boolean visible(Bundle bundle, String devfsPath) {
        try {
            Subject s = subject(bundle);
            if (s.trusted()) {
                return true;
            }
            if (devfsPath == null) {
                return (mask((SubjectImpl) s, "/dev") & Permission.ADMIN.bit()) != 0;
            }
            return mask((SubjectImpl) s, devfsPath) != 0;
        } catch (Throwable t) {
            return false;
        }
    }

    private void deny(SubjectImpl si, String path, int requested, int held) {
        try {
            Instant now = time.wallNow();
            int missing = requested == 0 ? Permission.ALL : requested & ~held;
            String p = String.valueOf(path);
            boolean fresh = audit.record(now, si.label, p, requested, missing);
            EventSink es = sink;
            if (fresh && es != null && allowDenialEvent()) {
                Map<String, Object> props = new HashMap<>();
                props.put("subject", si.label);
                props.put("path", p);
                props.put("requested", Permission.names(requested));
                props.put("missing", Permission.names(missing));
                props.put("timestamp", now.toEpochMilli());
                es.post(CapabilityEvent.TOPIC_PREFIX + CapabilityEvent.Type.DENIED, props);
            }
        } catch (RuntimeException e) {
            warn.accept("could not record a denial", e);
        }
    }

    private boolean allowDenialEvent() {
        synchronized (audit) {
            long now = clock.nanoTime();
            if (now - denialWindowStart > 1_000_000_000L) {
                denialWindowStart = now;
                denialEventsInWindow = 0;
            }
            return ++denialEventsInWindow <= DENIAL_EVENTS_PER_SECOND;
        }
    }

    // ---------------------------------------------------------------- tokens

    /**
     * Decodes a token and verifies its signature against the known keys.
     *
     * @param text the token text
     * @return the token
     * @throws HalException BAD_FORMAT or PERMISSION_DENIED
     */
    public Token verify(String text) throws HalException {
        TokenCodec.Decoded d = TokenCodec.decode(TokenCodec.fromText(text));
        TokenBody b = d.body();
        KeyRing.Key key = keys.key(b.keyId()).orElseThrow(() -> new HalException(ErrorCode.PERMISSION_DENIED,
                "token " + b.id() + " is signed by unknown key " + b.keyId()));
        if (!Ed25519.verify(key.publicKey(), d.bytes(), d.signedLength(), d.signedLength())) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "token " + b.id() + ": signature does not verify");
        }
        return toToken(b, text);
    }

    private static Token toToken(TokenBody b, String text) {
        return new Token(b.id(), b.parent(), b.depth(), new Principal(b.container(), b.app()), b.permissions(),
                b.devices(), Instant.ofEpochSecond(b.notBefore()), Instant.ofEpochSecond(b.expiry()), b.keyId(), text);
    }

    private Token sign(String parent, int depth, Principal p, int perms, String devices, long nbf, long exp) {
        byte[] id = new byte[TokenCodec.ID_LENGTH];
        do {
            random.nextBytes(id);
        } while (Arrays.equals(id, new byte[TokenCodec.ID_LENGTH]));
        TokenBody body = new TokenBody(Hex.of(id), parent, depth, p.container(), p.app(), perms, nbf, exp,
                keys.activeId(), devices);
        byte[] signed = TokenCodec.encodeBody(body);
        String text = TokenCodec.toText(TokenCodec.assemble(signed, keys.sign(signed)));
        return toToken(body, text);
    }

    @Override
    public Token issue(Principal principal, int permissions, String devices, Instant notBefore, Instant expiry)
            throws HalException {
        if (principal == null || expiry == null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "principal and expiry are required");
        }
        checkMask(permissions);
        DevicePattern.parse(devices);
        long nbf = (notBefore == null ? time.wallNow() : notBefore).getEpochSecond();
        long exp = expiry.getEpochSecond();
        if (exp <= nbf) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "expiry " + expiry + " is not after not-before "
                    + Instant.ofEpochSecond(nbf));
        }
        return sign("", 0, principal, permissions, devices, nbf, exp);
    }

    private static void checkMask(int permissions) throws HalException {
        if (permissions == 0 || (permissions & ~Permission.ALL) != 0) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "invalid permission mask 0x" + Integer.toHexString(permissions));
        }
    }

    @Override
    public Token grant(Principal principal, int permissions, String devices, Instant notBefore, Instant expiry)
            throws HalException {
        return install(issue(principal, permissions, devices, notBefore, expiry));
    }

    @Override
    public Token grant(String encoded) throws HalException {
        return install(verify(encoded));
    }

    /**
     * Presents a token on behalf of a principal.
     *
     * @param caller  the presenting principal
     * @param encoded the token text
     * @return the token, granted
     * @throws HalException as {@link CapabilityAdmin#grant(String)}, and PERMISSION_DENIED when the token is
     *                      bound to another principal
     */
    public Token present(Principal caller, String encoded) throws HalException {
        Token t = verify(encoded);
        if (!t.principal().equals(caller)) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "token " + t.id() + " is bound to " + t.principal()
                    + ", not to " + caller);
        }
        return install(t);
    }

    private GrantRecord record(Token t) throws HalException {
        return new GrantRecord(t, DevicePattern.parse(t.devices()), time.toNanos(t.notBefore().getEpochSecond()),
                time.toNanos(t.expiry().getEpochSecond()), slot(t.principal()));
    }

    private Token install(Token t) throws HalException {
        List<CapabilityEvent> fired = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                throw new HalException(ErrorCode.CONFLICT, "the capability service is stopping");
            }
            if (revoked.containsKey(t.id())) {
                throw new HalException(ErrorCode.PERMISSION_DENIED, "token " + t.id() + " was revoked");
            }
            Snapshot s = snapshot;
            GrantRecord existing = s.grants.get(t.id());
            if (existing != null) {
                return existing.token;
            }
            GrantRecord g = record(t);
            long now = time.now();
            if (g.exp <= now) {
                throw new HalException(ErrorCode.PERMISSION_DENIED, "token " + t.id() + " expired at " + t.expiry());
            }
            if (!t.isRoot()) {
                GrantRecord parent = s.grants.get(t.parent());
                if (parent == null || parent.exp <= now) {
                    throw new HalException(ErrorCode.PERMISSION_DENIED, "token " + t.id() + ": parent " + t.parent()
                            + " is not granted");
                }
                String why = widens(parent, t);
                if (why != null) {
                    throw new HalException(ErrorCode.PERMISSION_DENIED, "token " + t.id() + " is wider than its parent: " + why);
                }
            }
            List<GrantRecord> all = new ArrayList<>(s.grants.values());
            all.add(g);
            persist(all);
            publish(List.of(g), Set.of());
            if (now < g.nbf) {
                pending.add(t.id());
            } else {
                fired.add(new CapabilityEvent(CapabilityEvent.Type.GRANTED, t.principal(), t.id(), t.devices()));
            }
            scheduleTick();
        }
        dispatch(fired);
        return t;
    }

    private String widens(GrantRecord parent, Token child) {
        Token p = parent.token;
        if ((child.permissions() & ~p.permissions()) != 0) {
            return "permissions " + Permission.names(child.permissions() & ~p.permissions()) + " not held by " + p.id();
        }
        if (child.expiry().isAfter(p.expiry())) {
            return "expiry " + child.expiry() + " after the parent's " + p.expiry();
        }
        if (child.notBefore().isBefore(p.notBefore())) {
            return "not-before " + child.notBefore() + " before the parent's " + p.notBefore();
        }
        if (child.depth() != p.depth() + 1) {
            return "depth " + child.depth() + " is not " + (p.depth() + 1);
        }
        if (child.depth() > settings.maxDepth()) {
            return "depth " + child.depth() + " over the bound " + settings.maxDepth();
        }
        try {
            if (!parent.pattern.covers(DevicePattern.parse(child.devices()))) {
                return "devices " + child.devices() + " not within " + p.devices();
            }
        } catch (HalException e) {
            return e.getMessage();
        }
        return null;
    }

    /**
     * Attenuation; see {@link aegis.hal.capability.api.CapabilityService#attenuate}.
     *
     * @param holder      the principal that must hold the parent, or {@code null} for an administrator
     * @param parentId    the parent id (a unique prefix when {@code holder} is {@code null})
     * @param target      the child's principal
     * @param permissions the child's mask
     * @param devices     the child's pattern
     * @param expiry      the child's expiry or {@code null}
     * @return the child, granted
     * @throws HalException NOT_FOUND, PERMISSION_DENIED, INVALID_ARGUMENT
     */
    public Token attenuate(Principal holder, String parentId, Principal target, int permissions, String devices,
            Instant expiry) throws HalException {
        if (target == null || parentId == null) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "parent and target are required");
        }
        checkMask(permissions);
        DevicePattern childPattern = DevicePattern.parse(devices);
        GrantRecord parent = holder == null ? find(parentId) : snapshot.grants.get(parentId);
        if (parent == null) {
            throw new HalException(ErrorCode.NOT_FOUND, "no granted token " + parentId);
        }
        Token p = parent.token;
        if (holder != null && !holder.equals(p.principal())) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, holder + " does not hold token " + parentId);
        }
        if (p.depth() + 1 > settings.maxDepth()) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "token " + p.id() + " has depth " + p.depth()
                    + "; derived tokens may be at most " + settings.maxDepth() + " deep");
        }
        if ((permissions & ~p.permissions()) != 0) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "attenuation would widen: "
                    + Permission.names(permissions & ~p.permissions()) + " not in " + p.id());
        }
        if (!parent.pattern.covers(childPattern)) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "attenuation would widen: " + devices + " is not within "
                    + p.devices());
        }
        long exp = expiry == null ? p.expiry().getEpochSecond() : expiry.getEpochSecond();
        if (exp > p.expiry().getEpochSecond()) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, "attenuation would widen: expiry " + Instant.ofEpochSecond(exp)
                    + " after " + p.expiry());
        }
        long nbf = Math.max(p.notBefore().getEpochSecond(), time.wallNow().getEpochSecond());
        if (exp <= nbf) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "expiry " + Instant.ofEpochSecond(exp)
                    + " is not after not-before " + Instant.ofEpochSecond(nbf));
        }
        return install(sign(p.id(), p.depth() + 1, target, permissions, devices, nbf, exp));
    }

    @Override
    public Token attenuate(String parentId, Principal target, int permissions, String devices, Instant expiry)
            throws HalException {
        return attenuate(null, parentId, target, permissions, devices, expiry);
    }

    private GrantRecord find(String idOrPrefix) throws HalException {
        Snapshot s = snapshot;
        GrantRecord exact = s.grants.get(idOrPrefix);
        if (exact != null) {
            return exact;
        }
        if (idOrPrefix.length() < 8) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "token id prefix '" + idOrPrefix
                    + "' is too short (8 hex digits at least)");
        }
        GrantRecord found = null;
        for (GrantRecord g : s.grants.values()) {
            if (g.token.id().startsWith(idOrPrefix)) {
                if (found != null) {
                    throw new HalException(ErrorCode.INVALID_ARGUMENT, "token id prefix '" + idOrPrefix + "' is ambiguous");
                }
                found = g;
            }
        }
        if (found == null) {
            throw new HalException(ErrorCode.NOT_FOUND, "no granted token " + idOrPrefix);
        }
        return found;
    }

    @Override
    public Token token(String tokenId) throws HalException {
        return find(tokenId).token;
    }

    @Override
    public List<String> revoke(String tokenId) throws HalException {
        List<String> ids = new ArrayList<>();
        List<CapabilityEvent> fired = new ArrayList<>();
        IOException failure = null;
        synchronized (lock) {
            GrantRecord root = find(tokenId);
            Snapshot s = snapshot;
            ids.add(root.token.id());
            for (int i = 0; i < ids.size(); i++) {
                String parent = ids.get(i);
                for (GrantRecord g : s.grants.values()) {
                    if (g.token.parent().equals(parent)) {
                        ids.add(g.token.id());
                    }
                }
            }
            for (String id : ids) {
                GrantRecord g = s.grants.get(id);
                revoked.put(id, g.token.expiry().getEpochSecond());
                ended(g, true);
                pending.remove(id);
                fired.add(new CapabilityEvent(CapabilityEvent.Type.REVOKED, g.token.principal(), id, g.token.devices()));
            }
            publish(List.of(), new HashSet<>(ids));
            try {
                persist(snapshot.grants.values());
            } catch (HalException e) {
                failure = (IOException) e.getCause();
            }
        }
        dispatch(fired);
        if (failure != null) {
            throw new HalException(ErrorCode.IO, "revoked " + ids + " (in effect now) but could not persist: "
                    + failure.getMessage(), failure);
        }
        return ids;
    }

    /**
     * @param principal a principal, or {@code null} for all
     * @return its granted tokens
     */
    public List<Token> tokens(Principal principal) {
        List<Token> out = new ArrayList<>();
        for (GrantRecord g : snapshot.grants.values()) {
            if (principal == null || g.token.principal().equals(principal)) {
                out.add(g.token);
            }
        }
        out.sort(Comparator.comparing((Token t) -> t.principal().toString()).thenComparing(Token::id));
        return out;
    }

    @Override
    public List<Grant> grants() {
        Snapshot s = snapshot;
        long now = time.now();
        Map<String, Integer> children = new HashMap<>();
        for (GrantRecord g : s.grants.values()) {
            if (!g.token.isRoot()) {
                children.merge(g.token.parent(), 1, Integer::sum);
            }
        }
        List<Grant> out = new ArrayList<>();
        for (GrantRecord g : s.grants.values()) {
            Grant.State st = now < g.nbf ? Grant.State.PENDING : now < g.exp ? Grant.State.ACTIVE : Grant.State.EXPIRED;
            out.add(new Grant(g.token, st, children.getOrDefault(g.token.id(), 0)));
        }
        out.sort(Comparator.comparing((Grant g) -> g.token().principal().toString()).thenComparing(g -> g.token().id()));
        return out;
    }

    @Override
    public List<Denial> denials() {
        return audit.list();
    }

    @Override
    public List<KeyInfo> keys() {
        Map<String, Integer> counts = new HashMap<>();
        for (GrantRecord g : snapshot.grants.values()) {
            counts.merge(g.token.keyId(), 1, Integer::sum);
        }
        List<KeyInfo> out = new ArrayList<>();
        for (KeyRing.Key k : keys.keys()) {
            out.add(new KeyInfo(k.id(), Hex.of(k.raw()), k.created(), k.id().equals(keys.activeId()),
                    k.privateKey() != null, counts.getOrDefault(k.id(), 0)));
        }
        return out;
    }

    @Override
    public KeyInfo rotateKey() throws HalException {
        synchronized (lock) {
            try {
                KeyRing.Key k = keys.rotate(time.wallNow());
                return new KeyInfo(k.id(), Hex.of(k.raw()), k.created(), true, true, 0);
            } catch (IOException e) {
                throw new HalException(ErrorCode.IO, "could not store a new key: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<String> retireKey(String keyId) throws HalException {
        List<String> out = new ArrayList<>();
        synchronized (lock) {
            if (keys.key(keyId).isEmpty()) {
                throw new HalException(ErrorCode.NOT_FOUND, "no key " + keyId);
            }
            if (keyId.equals(keys.activeId())) {
                throw new HalException(ErrorCode.CONFLICT, "key " + keyId + " is active; rotate first");
            }
            for (GrantRecord g : snapshot.grants.values()) {
                if (g.token.keyId().equals(keyId) && snapshot.grants.containsKey(g.token.id())) {
                    out.addAll(revoke(g.token.id()));
                }
            }
            try {
                keys.retire(keyId);
            } catch (IOException e) {
                throw new HalException(ErrorCode.IO, "could not delete key " + keyId + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- listeners and time

    /**
     * @param listener the listener
     * @param only     deliver only events about this principal, or {@code null} for all
     * @return closing it unsubscribes
     */
    public AutoCloseable subscribe(CapabilityListener listener, Principal only) {
        Subscription s = new Subscription(listener, only);
        listeners.add(s);
        return () -> listeners.remove(s);
    }

    private void dispatch(List<CapabilityEvent> fired) {
        if (fired.isEmpty()) {
            return;
        }
        EventSink es = sink;
        if (es != null) {
            for (CapabilityEvent e : fired) {
                Map<String, Object> props = new HashMap<>();
                props.put("principal", e.principal().toString());
                props.put("token.id", e.tokenId());
                props.put("devices", e.devices());
                props.put("timestamp", time.wallMillisNow());
                try {
                    es.post(CapabilityEvent.TOPIC_PREFIX + e.type(), props);
                } catch (RuntimeException ex) {
                    warn.accept("could not post " + e.type() + " event", ex);
                }
            }
        }
        if (listeners.isEmpty()) {
            return;
        }
        List<Subscription> subs = List.copyOf(listeners);
        try {
            events.execute(() -> {
                for (CapabilityEvent e : fired) {
                    for (Subscription s : subs) {
                        if (s.only() != null && !s.only().equals(e.principal())) {
                            continue;
                        }
                        try {
                            s.listener().changed(e);
                        } catch (Throwable t) {
                            warn.accept("capability listener " + s.listener() + " failed on " + e, t);
                        }
                    }
                }
            });
        } catch (RuntimeException e) {
            warn.accept("could not deliver capability events", e);
        }
    }

    /**
     * Processes deadlines: reports grants that became valid or expired, drops expired grants from
     * the table, and resynchronises the monotonic view with the wall clock. The timer calls it; tests
     * call it after moving their clock.
     */
    public void tick() {
        List<CapabilityEvent> fired = new ArrayList<>();
        time.resync();
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = time.now();
            Set<String> gone = new HashSet<>();
            for (GrantRecord g : snapshot.grants.values()) {
                Token t = g.token;
                if (g.exp <= now) {
                    gone.add(t.id());
                    ended(g, false);
                    pending.remove(t.id());
                    fired.add(new CapabilityEvent(CapabilityEvent.Type.EXPIRED, t.principal(), t.id(), t.devices()));
                } else if (g.nbf <= now && pending.remove(t.id())) {
                    fired.add(new CapabilityEvent(CapabilityEvent.Type.ACTIVATED, t.principal(), t.id(), t.devices()));
                }
            }
            if (!gone.isEmpty()) {
                publish(List.of(), gone);
                try {
                    persist(snapshot.grants.values());
                } catch (HalException e) {
                    warn.accept("could not persist after expiry", e);
                }
            }
            scheduleTick();
        }
        dispatch(fired);
    }

    private void scheduleTick() {
        if (timer == null || closed) {
            return;
        }
        long now = time.now();
        long next = now + settings.resyncPeriod().toNanos();
        for (GrantRecord g : snapshot.grants.values()) {
            if (g.exp > now) {
                next = Math.min(next, g.exp);
            }
            if (g.nbf > now) {
                next = Math.min(next, g.nbf);
            }
        }
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        try {
            nextTick = timer.schedule(this::tickSafely, Math.max(0, next - now), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            warn.accept("could not schedule the expiry timer", e);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (Throwable t) {
            warn.accept("expiry tick failed", t);
        }
    }

    // ---------------------------------------------------------------- state

    /** Publishes a snapshot with {@code add} added and {@code remove} removed. Caller holds the lock. */
    private void publish(Collection<GrantRecord> add, Set<String> remove) {
        Snapshot old = snapshot;
        Map<String, GrantRecord> grants = new LinkedHashMap<>(old.grants);
        Set<Integer> touched = new HashSet<>();
        for (String id : remove) {
            GrantRecord g = grants.remove(id);
            if (g != null) {
                touched.add(g.slot);
            }
        }
        for (GrantRecord g : add) {
            grants.put(g.token.id(), g);
            touched.add(g.slot);
        }
        int size = Math.max(old.tables.length, nextSlot.get());
        Table[] tables = Arrays.copyOf(old.tables, size);
        if (!touched.isEmpty()) {
            Map<Integer, List<GrantRecord>> bySlot = new HashMap<>();
            for (int slot : touched) {
                bySlot.put(slot, new ArrayList<>());
            }
            if (touched.size() * 4 > size || old.tables.length == 0) {
                for (GrantRecord g : grants.values()) {
                    List<GrantRecord> l = bySlot.get(g.slot);
                    if (l != null) {
                        l.add(g);
                    }
                }
            } else {
                for (int slot : touched) {
                    List<GrantRecord> l = bySlot.get(slot);
                    if (slot < old.tables.length && old.tables[slot] != null) {
                        for (GrantRecord g : old.tables[slot].grants) {
                            if (!remove.contains(g.token.id())) {
                                l.add(g);
                            }
                        }
                    }
                    for (GrantRecord g : add) {
                        if (g.slot == slot) {
                            l.add(g);
                        }
                    }
                }
            }
            for (Map.Entry<Integer, List<GrantRecord>> e : bySlot.entrySet()) {
                List<GrantRecord> l = e.getValue();
                tables[e.getKey()] = l.isEmpty() ? null : new Table(l.toArray(new GrantRecord[0]));
            }
        }
        snapshot = new Snapshot(grants, tables);
    }

    /**
     * Installs tokens that the caller has already verified, in one snapshot, without persisting:
     * the path the store loader would take, offered for benchmarks that need 100,000 grants.
     *
     * @param tokens verified tokens
     * @throws HalException if a pattern is invalid
     */
    public void installVerified(Collection<Token> tokens) throws HalException {
        synchronized (lock) {
            List<GrantRecord> add = new ArrayList<>();
            for (Token t : tokens) {
                add.add(record(t));
            }
            publish(add, Set.of());
        }
    }

    /**
     * Signs a root token with the active key without installing it (benchmarks, tests).
     *
     * @param principal the principal
     * @param perms     the mask
     * @param devices   the pattern
     * @param validFor  how long from now
     * @return the token
     */
    public Token signForTest(Principal principal, int perms, String devices, Duration validFor) {
        long nbf = time.wallNow().getEpochSecond();
        return sign("", 0, principal, perms, devices, nbf, nbf + Math.max(1, validFor.toSeconds()));
    }

    private void persist(Collection<GrantRecord> grants) throws HalException {
        if (store == null) {
            return;
        }
        long now = time.now();
        long nowSec = time.wallMillisNow() / 1000;
        List<GrantRecord> sorted = new ArrayList<>();
        for (GrantRecord g : grants) {
            if (g.exp > now) {
                sorted.add(g);
            }
        }
        sorted.sort(Comparator.comparingInt(g -> g.token.depth()));
        List<String> texts = new ArrayList<>();
        for (GrantRecord g : sorted) {
            texts.add(g.token.encoded());
        }
        revoked.values().removeIf(exp -> exp <= nowSec);
        try {
            store.save(time.wallMillisNow(), texts, revoked);
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "could not write " + store.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Persists the wall-clock high-water mark, stops the timer and empties the table, so that
     * anyone still holding this engine (a guarded registration of a subsystem) is denied from now on.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                persist(snapshot.grants.values());
            } catch (HalException e) {
                warn.accept("could not persist on close", e);
            }
            closed = true;
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            snapshot = new Snapshot(Map.of(), new Table[0]);
        }
    }

    /** @return a decoded view of a token text without verifying (for {@code cap:token decode}) */
    static Optional<TokenBody> peek(String text) {
        try {
            return Optional.of(TokenCodec.decode(TokenCodec.fromText(text)).body());
        } catch (TokenFormatException e) {
            return Optional.empty();
        }
    }
}
