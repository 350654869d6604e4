package aegis.hal.capability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.testkit.Engines;
import aegis.hal.capability.testkit.ManualClock;
import aegis.hal.capability.token.DevicePattern;
import aegis.hal.capability.token.TokenCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The properties the issue lists, over the real engine (real Ed25519 signatures). */
class CapabilityPropertiesTest {
    static final ManualClock CLOCK = new ManualClock(Engines.WALL);
    static final CapabilityEngine SHARED = Engines.engine(CLOCK);
    static final List<Token> TOKENS = new ArrayList<>();

    static {
        try {
            TOKENS.add(SHARED.issue(new Principal("media", "player"), Permission.mask(Permission.READ, Permission.PLAYBACK),
                    "/dev/audio/*", null, Instant.ofEpochMilli(Engines.WALL).plusSeconds(3600)));
            TOKENS.add(SHARED.issue(new Principal("c", "a"), Permission.ALL, "/dev/**", null,
                    Instant.ofEpochMilli(Engines.WALL).plusSeconds(60)));
        } catch (HalException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant in(long s) {
        return Instant.ofEpochMilli(Engines.WALL).plusSeconds(s);
    }

    // ------------------------------------------------------------ any flipped byte or truncation is rejected

    @Property(tries = 600)
    void flippedByteIsRejected(@ForAll @IntRange(min = 0, max = 1) int which, @ForAll @IntRange(min = 0, max = 400) int at,
            @ForAll @IntRange(min = 0, max = 7) int bit) throws Exception {
        byte[] b = TokenCodec.fromText(TOKENS.get(which).encoded());
        int i = at % b.length;
        b[i] ^= (byte) (1 << bit);
        String mutated = TokenCodec.toText(b);
        assertThrows(HalException.class, () -> SHARED.verify(mutated), "flipped bit " + bit + " of byte " + i);
    }

    @Property(tries = 300)
    void truncationIsRejected(@ForAll @IntRange(min = 0, max = 1) int which, @ForAll @IntRange(min = 1, max = 400) int cut)
            throws Exception {
        byte[] b = TokenCodec.fromText(TOKENS.get(which).encoded());
        byte[] t = Arrays.copyOf(b, Math.max(0, b.length - 1 - cut % b.length));
        assertThrows(HalException.class, () -> SHARED.verify(TokenCodec.toText(t)));
        String text = TOKENS.get(which).encoded();
        String textCut = text.substring(0, text.length() - 1 - cut % (text.length() - 1));
        assertThrows(HalException.class, () -> SHARED.verify(textCut));
    }

    // ------------------------------------------------------------ attenuation never widens

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> seg = Arbitraries.of("audio", "block", "pcm0p", "pcm*", "*", "sda", "s*");
        return Combinators.combine(seg.list().ofMinSize(0).ofMaxSize(2), Arbitraries.of(true, false)).as((segs, tail) -> {
            StringBuilder sb = new StringBuilder("/dev");
            segs.forEach(s -> sb.append('/').append(s));
            if (tail || segs.isEmpty()) {
                sb.append("/**");
            }
            return sb.toString();
        });
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("audio", "block", "pcm0p", "pcm0c", "sda", "x").list().ofMinSize(1).ofMaxSize(3)
                .map(l -> "/dev/" + String.join("/", l));
    }

    @Property(tries = 150)
    void attenuationNeverWidens(@ForAll("patterns") String parentPattern, @ForAll("patterns") String childPattern,
            @ForAll @IntRange(min = 1, max = 511) int parentPerms, @ForAll @IntRange(min = 1, max = 511) int childPerms,
            @ForAll @LongRange(min = 1, max = 10_000) long childTtl, @ForAll("paths") String probe) throws HalException {
        CapabilityEngine e = Engines.engine(new ManualClock(Engines.WALL));
        Principal p = new Principal("c", "parent");
        Principal q = new Principal("c", "child");
        Token parent = e.grant(p, parentPerms, parentPattern, null, in(5000));
        Token child;
        try {
            child = e.attenuate(p, parent.id(), q, childPerms, childPattern, in(childTtl));
        } catch (HalException refused) {
            return;
        }
        assertEquals(0, child.permissions() & ~parent.permissions());
        assertFalse(child.expiry().isAfter(parent.expiry()));
        if (DevicePattern.parse(child.devices()).matches(probe)) {
            assertTrue(DevicePattern.parse(parent.devices()).matches(probe));
        }
        int childHeld = e.permissions(e.subject(q), probe);
        int parentHeld = e.permissions(e.subject(p), probe);
        assertEquals(0, childHeld & ~parentHeld, "the child holds nothing its parent does not on " + probe);
    }

    // ------------------------------------------------------------ revoking a parent denies every descendant

    @Property(tries = 60)
    void revokingAParentDeniesEveryDescendant(@ForAll @IntRange(min = 1, max = 12) int size,
            @ForAll @IntRange(min = 0, max = 1000) int seed) throws HalException {
        CapabilityEngine e = Engines.engine(new ManualClock(Engines.WALL));
        java.util.Random rnd = new java.util.Random(seed);
        List<Token> nodes = new ArrayList<>();
        nodes.add(e.grant(new Principal("t", "n0"), Permission.ALL, "/dev/**", null, in(3600)));
        for (int i = 1; i < size; i++) {
            Token parent = nodes.get(rnd.nextInt(nodes.size()));
            if (parent.depth() >= 4) {
                parent = nodes.get(0);
            }
            nodes.add(e.attenuate(null, parent.id(), new Principal("t", "n" + i), Permission.READ.bit(), "/dev/audio/*", null));
        }
        Token victim = nodes.get(rnd.nextInt(nodes.size()));
        List<String> revoked = e.revoke(victim.id());
        Map<String, Token> byId = new HashMap<>();
        nodes.forEach(t -> byId.put(t.id(), t));
        for (Token t : nodes) {
            boolean descends = false;
            for (Token cur = t; cur != null; cur = cur.isRoot() ? null : byId.get(cur.parent())) {
                if (cur.id().equals(victim.id())) {
                    descends = true;
                }
            }
            boolean allowed = e.check(e.subject(t.principal()), "/dev/audio/pcm0p", Permission.READ.bit());
            assertEquals(!descends, allowed, t.id() + " descends from the revoked token: " + descends);
            assertEquals(descends, revoked.contains(t.id()));
        }
    }

    // ------------------------------------------------------------ the expiry boundary is exact

    @Property(tries = 200)
    void expiryBoundaryIsExact(@ForAll @LongRange(min = 1, max = 10_000_000) long ttl,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long wallOffsetMillis) throws HalException {
        ManualClock c = new ManualClock(Engines.WALL + wallOffsetMillis);
        CapabilityEngine e = Engines.engine(c);
        Principal p = new Principal("x", "y");
        Instant nowWall = e.time().wallNow();
        Token t = e.grant(p, Permission.READ.bit(), "/dev/x", null, nowWall.plusSeconds(ttl));
        long remaining = (t.expiry().toEpochMilli() - nowWall.toEpochMilli()) * 1_000_000L;
        c.advanceNanos(remaining - 1);
        assertTrue(e.check(e.subject(p), "/dev/x", Permission.READ.bit()));
        c.advanceNanos(1);
        assertFalse(e.check(e.subject(p), "/dev/x", Permission.READ.bit()));
    }

    // ------------------------------------------------------------ a token bound to one principal is refused for another

    @Property(tries = 40)
    void tokenBoundToOnePrincipalIsRefusedForAnother(@ForAll("ids") String c1, @ForAll("ids") String a1,
            @ForAll("ids") String c2, @ForAll("ids") String a2) throws HalException {
        Principal owner = new Principal(c1, a1);
        Principal other = new Principal(c2, a2);
        if (owner.equals(other)) {
            return;
        }
        CapabilityEngine e = Engines.engine(new ManualClock(Engines.WALL));
        Token t = e.issue(owner, Permission.READ.bit(), "/dev/**", null, in(60));
        assertThrows(HalException.class, () -> e.present(other, t.encoded()));
        assertEquals(0, e.permissions(e.subject(other), "/dev/x"));
        assertEquals(0, e.permissions(e.subject(owner), "/dev/x"), "refusal granted nothing to anyone");
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("ab.-1").ofMinLength(0).ofMaxLength(3).map(s -> "p" + s);
    }

    // ------------------------------------------------------------ the fast table agrees with a reference model

    record ModelGrant(String id, String parent, Principal principal, int perms, DevicePattern pattern, long nbf, long exp) {
    }

    sealed interface Op permits GrantOp, AttenuateOp, RevokeOp, AdvanceOp, CheckOp {
    }

    record GrantOp(int principal, int perms, String pattern, int nbfDelay, int ttl) implements Op {
    }

    record AttenuateOp(int pick, int target, int perms, String pattern, int ttl, boolean narrowFromParent) implements Op {
    }

    record RevokeOp(int pick) implements Op {
    }

    record AdvanceOp(int seconds) implements Op {
    }

    record CheckOp(int principal, String path, int perms) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> principal = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> perms = Arbitraries.integers().between(0, 15);
        Arbitrary<Op> grant = Combinators.combine(principal, perms.filter(x -> x != 0), patterns(),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 30)).as(GrantOp::new);
        Arbitrary<Op> att = Combinators.combine(Arbitraries.integers().between(0, 50), principal, perms.filter(x -> x != 0),
                patterns(), Arbitraries.integers().between(1, 30), Arbitraries.of(true, true, false))
                .as(AttenuateOp::new);
        Arbitrary<Op> rev = Arbitraries.integers().between(0, 50).map(RevokeOp::new);
        Arbitrary<Op> adv = Arbitraries.integers().between(1, 10).map(AdvanceOp::new);
        Arbitrary<Op> chk = Combinators.combine(principal, paths(), perms).as(CheckOp::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, grant), net.jqwik.api.Tuple.of(2, att),
                net.jqwik.api.Tuple.of(1, rev), net.jqwik.api.Tuple.of(2, adv), net.jqwik.api.Tuple.of(6, chk))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 120)
    void fastTableAgreesWithReferenceModel(@ForAll("ops") List<Op> ops) throws HalException {
        ManualClock c = new ManualClock(Engines.WALL);
        CapabilityEngine e = Engines.engine(c);
        Principal[] ps = {new Principal("m", "p0"), new Principal("m", "p1"), new Principal("m", "p2"), new Principal("m", "p3")};
        Map<String, ModelGrant> model = new HashMap<>();
        List<String> order = new ArrayList<>();
        long nowSec = Engines.WALL / 1000;
        for (Op op : ops) {
            if (op instanceof GrantOp g) {
                Token t = e.grant(ps[g.principal()], g.perms(), g.pattern(), Instant.ofEpochSecond(nowSec + g.nbfDelay()),
                        Instant.ofEpochSecond(nowSec + g.nbfDelay() + g.ttl()));
                model.put(t.id(), new ModelGrant(t.id(), "", t.principal(), t.permissions(), DevicePattern.parse(t.devices()),
                        t.notBefore().getEpochSecond(), t.expiry().getEpochSecond()));
                order.add(t.id());
            } else if (op instanceof AttenuateOp a && !order.isEmpty()) {
                String pid = order.get(a.pick() % order.size());
                ModelGrant parent = model.get(pid);
                // mostly ask for something narrower than the parent, so that derived grants are common
                int perms = a.perms();
                String pattern = a.pattern();
                if (a.narrowFromParent() && parent != null) {
                    perms = (a.perms() & parent.perms()) != 0 ? a.perms() & parent.perms() : parent.perms();
                    pattern = parent.pattern().text();
                }
                boolean modelOk = parent != null && parent.exp() > nowSec && (perms & ~parent.perms()) == 0
                        && parent.pattern().covers(DevicePattern.parse(pattern)) && depth(model, pid) < 4
                        && Math.min(parent.exp(), nowSec + a.ttl()) > Math.max(parent.nbf(), nowSec);
                Token t = null;
                try {
                    t = e.attenuate(null, pid, ps[a.target()], perms, pattern,
                            Instant.ofEpochSecond(Math.min(parent == null ? nowSec + a.ttl() : parent.exp(), nowSec + a.ttl())));
                } catch (HalException refused) {
                    // compared below
                }
                assertEquals(modelOk, t != null, "attenuate " + a + " of " + parent);
                if (t != null) {
                    model.put(t.id(), new ModelGrant(t.id(), pid, t.principal(), t.permissions(),
                            DevicePattern.parse(t.devices()), t.notBefore().getEpochSecond(), t.expiry().getEpochSecond()));
                    order.add(t.id());
                }
            } else if (op instanceof RevokeOp r && !order.isEmpty()) {
                String id = order.get(r.pick() % order.size());
                if (model.containsKey(id) && model.get(id).exp() > nowSec) {
                    e.revoke(id);
                    removeWithDescendants(model, id);
                }
            } else if (op instanceof AdvanceOp a) {
                c.advanceSeconds(a.seconds());
                nowSec += a.seconds();
                if (a.seconds() % 3 == 0) {
                    e.tick();
                    final long n = nowSec;
                    model.values().removeIf(g -> g.exp() <= n);
                }
            } else if (op instanceof CheckOp k) {
                int held = 0;
                for (ModelGrant g : model.values()) {
                    if (g.principal().equals(ps[k.principal()]) && g.nbf() <= nowSec && nowSec < g.exp()
                            && g.pattern().matches(k.path())) {
                        held |= g.perms();
                    }
                }
                boolean expected = k.perms() == 0 ? held != 0 : (held & k.perms()) == k.perms();
                assertEquals(expected, e.check(e.subject(ps[k.principal()]), k.path(), k.perms()), k + " with model " + model);
                assertEquals(held, e.permissions(e.subject(ps[k.principal()]), k.path()));
            }
        }
    }

    private static int depth(Map<String, ModelGrant> model, String id) {
        int d = 0;
        for (ModelGrant g = model.get(id); g != null && !g.parent().isEmpty(); g = model.get(g.parent())) {
            d++;
        }
        return d;
    }

    private static void removeWithDescendants(Map<String, ModelGrant> model, String id) {
        model.remove(id);
        List<String> kids = model.values().stream().filter(g -> g.parent().equals(id)).map(ModelGrant::id).toList();
        kids.forEach(k -> removeWithDescendants(model, k));
    }
}
