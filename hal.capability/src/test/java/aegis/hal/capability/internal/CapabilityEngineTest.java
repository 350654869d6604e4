package aegis.hal.capability.internal;

import static aegis.hal.capability.api.Permission.ADMIN;
import static aegis.hal.capability.api.Permission.PLAYBACK;
import static aegis.hal.capability.api.Permission.READ;
import static aegis.hal.capability.api.Permission.WRITE;
import static aegis.hal.capability.api.Permission.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityEvent;
import aegis.hal.capability.api.Grant;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.testkit.Engines;
import aegis.hal.capability.testkit.Fakes;
import aegis.hal.capability.testkit.ManualClock;

class CapabilityEngineTest {
    static final Principal PLAYER = new Principal("media", "player");
    static final Principal OTHER = new Principal("media", "recorder");
    static final String PCM = "/dev/audio/pcm0p";

    final ManualClock clock = new ManualClock(Engines.WALL);

    Instant in(long seconds) {
        return Instant.ofEpochMilli(Engines.WALL).plusSeconds(seconds);
    }

    @Test
    void grantCheckRevoke() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        List<CapabilityEvent> events = new ArrayList<>();
        e.subscribe(events::add, null);
        Token t = e.grant(PLAYER, mask(READ, PLAYBACK), "/dev/audio/*", null, in(3600));
        Subject s = e.subject(PLAYER);
        assertTrue(e.check(s, PCM, READ.bit()));
        assertTrue(e.check(s, PCM, mask(READ, PLAYBACK)));
        assertTrue(e.check(s, PCM, 0), "any permission");
        assertFalse(e.check(s, PCM, WRITE.bit()));
        assertFalse(e.check(s, "/dev/block/sda", READ.bit()));
        assertFalse(e.check(e.subject(OTHER), PCM, READ.bit()));
        assertEquals(mask(READ, PLAYBACK), e.permissions(s, PCM));
        assertEquals(List.of(t.id()), e.revoke(t.id().substring(0, 10)));
        assertFalse(e.check(s, PCM, READ.bit()));
        assertEquals(List.of(CapabilityEvent.Type.GRANTED, CapabilityEvent.Type.REVOKED),
                events.stream().map(CapabilityEvent::type).toList());
        HalException nf = assertThrows(HalException.class, () -> e.revoke(t.id()));
        assertEquals(ErrorCode.NOT_FOUND, nf.code());
    }

    @Test
    void aClosedEngineDeniesEveryone() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        e.grant(PLAYER, READ.bit(), PCM, null, in(3600));
        Subject s = e.subject(PLAYER);
        assertTrue(e.check(s, PCM, READ.bit()));
        e.close();
        assertFalse(e.check(s, PCM, READ.bit()));
        assertEquals(ErrorCode.CONFLICT, assertThrows(HalException.class, () -> e.grant(PLAYER, READ.bit(), PCM, null, in(60))).code());
    }

    @Test
    void requireNamesWhatIsMissingAndIsAudited() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        e.grant(PLAYER, mask(READ, PLAYBACK), "/dev/audio/*", null, in(3600));
        Subject s = e.subject(PLAYER);
        HalException x = assertThrows(HalException.class, () -> e.require(s, PCM, mask(READ, WRITE)));
        assertEquals(ErrorCode.PERMISSION_DENIED, x.code());
        assertEquals("media/player lacks WRITE on /dev/audio/pcm0p (holds READ,PLAYBACK)", x.getMessage());
        e.require(s, PCM, READ.bit());
        assertFalse(e.check(s, PCM, mask(READ, WRITE)));
        assertEquals(1, e.denials().size(), "identical denials fold into one entry");
        assertEquals(2, e.denials().get(0).count());
        assertEquals(WRITE.bit(), e.denials().get(0).missing());
    }

    @Test
    void aRevokedOrExpiredGrantGivesADistinctError() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        Subject s = e.subject(PLAYER);
        assertEquals(ErrorCode.PERMISSION_DENIED,
                assertThrows(HalException.class, () -> e.require(s, PCM, READ.bit())).code(), "never granted");
        Token t = e.grant(PLAYER, READ.bit(), "/dev/audio/*", null, in(3600));
        e.require(s, PCM, READ.bit());
        e.revoke(t.id());
        HalException r = assertThrows(HalException.class, () -> e.require(s, PCM, READ.bit()));
        assertEquals(ErrorCode.REVOKED, r.code());
        assertTrue(r.getMessage().endsWith("the grant that covered it was revoked"), r.getMessage());
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class,
                () -> e.require(s, PCM, WRITE.bit())).code(), "WRITE was never granted");

        e.grant(PLAYER, READ.bit(), "/dev/audio/*", null, in(100));
        e.require(s, PCM, READ.bit());
        clock.advanceSeconds(100);
        assertEquals(ErrorCode.EXPIRED, assertThrows(HalException.class, () -> e.require(s, PCM, READ.bit())).code());
    }

    @Test
    void expiryBoundaryIsExact() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        e.grant(PLAYER, READ.bit(), PCM, null, in(100));
        Subject s = e.subject(PLAYER);
        clock.advanceNanos(100_000_000_000L - 1);
        assertTrue(e.check(s, PCM, READ.bit()), "one nanosecond before expiry");
        clock.advanceNanos(1);
        assertFalse(e.check(s, PCM, READ.bit()), "at expiry");
    }

    @Test
    void notBeforeIsExactAndAnnounced() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        List<CapabilityEvent> events = new ArrayList<>();
        e.subscribe(events::add, PLAYER);
        e.grant(PLAYER, READ.bit(), PCM, in(10), in(100));
        Subject s = e.subject(PLAYER);
        assertEquals(Grant.State.PENDING, e.grants().get(0).state());
        assertFalse(e.check(s, PCM, READ.bit()));
        clock.advanceNanos(10_000_000_000L - 1);
        assertFalse(e.check(s, PCM, READ.bit()));
        clock.advanceNanos(1);
        assertTrue(e.check(s, PCM, READ.bit()));
        assertTrue(events.isEmpty());
        e.tick();
        assertEquals(List.of(CapabilityEvent.Type.ACTIVATED), events.stream().map(CapabilityEvent::type).toList());
        clock.advanceSeconds(90);
        e.tick();
        assertEquals(CapabilityEvent.Type.EXPIRED, events.get(1).type());
        assertTrue(e.grants().isEmpty(), "expired grants leave the table");
    }

    @Test
    void attenuationNarrowsAndRevocationCascades() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        Token root = e.grant(PLAYER, mask(READ, WRITE, PLAYBACK), "/dev/audio/**", null, in(3600));
        Principal helper = new Principal("media", "helper");
        Token child = e.attenuate(PLAYER, root.id(), helper, READ.bit(), "/dev/audio/pcm*", in(600));
        assertEquals(1, child.depth());
        assertEquals(root.id(), child.parent());
        Token grandchild = e.attenuate(helper, child.id(), new Principal("media", "sub"), READ.bit(), PCM, null);
        assertEquals(child.expiry(), grandchild.expiry());
        assertTrue(e.check(e.subject(helper), PCM, READ.bit()));
        assertFalse(e.check(e.subject(helper), PCM, WRITE.bit()));

        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class,
                () -> e.attenuate(PLAYER, root.id(), helper, ADMIN.bit(), PCM, null)).code(), "wider permissions");
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class,
                () -> e.attenuate(PLAYER, root.id(), helper, READ.bit(), "/dev/**", null)).code(), "wider devices");
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class,
                () -> e.attenuate(PLAYER, root.id(), helper, READ.bit(), PCM, in(7200))).code(), "later expiry");
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class,
                () -> e.attenuate(OTHER, root.id(), helper, READ.bit(), PCM, null)).code(), "not the holder");

        List<String> revoked = e.revoke(root.id());
        assertEquals(List.of(root.id(), child.id(), grandchild.id()), revoked);
        assertFalse(e.check(e.subject(helper), PCM, READ.bit()));
        assertFalse(e.check(e.subject(new Principal("media", "sub")), PCM, READ.bit()));
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class, () -> e.grant(child.encoded())).code(),
                "a revoked descendant cannot be granted again");
    }

    @Test
    void depthIsBounded() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        Token t = e.grant(PLAYER, READ.bit(), PCM, null, in(3600));
        for (int d = 1; d <= CapabilityEngine.Settings.DEFAULTS.maxDepth(); d++) {
            t = e.attenuate(null, t.id(), PLAYER, READ.bit(), PCM, null);
            assertEquals(d, t.depth());
        }
        String last = t.id();
        HalException x = assertThrows(HalException.class, () -> e.attenuate(null, last, PLAYER, READ.bit(), PCM, null));
        assertEquals(ErrorCode.INVALID_ARGUMENT, x.code());
    }

    @Test
    void presentedTokenMustBeBoundToThePresenter() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        Token t = e.issue(PLAYER, READ.bit(), PCM, null, in(3600));
        HalException x = assertThrows(HalException.class, () -> e.present(OTHER, t.encoded()));
        assertEquals(ErrorCode.PERMISSION_DENIED, x.code());
        assertTrue(x.getMessage().contains("bound to media/player"), x.getMessage());
        assertFalse(e.check(e.subject(OTHER), PCM, READ.bit()));
        e.present(PLAYER, t.encoded());
        assertTrue(e.check(e.subject(PLAYER), PCM, READ.bit()));
    }

    @Test
    void tokensOfAnotherKeyAreRefused() throws HalException {
        CapabilityEngine a = Engines.engine(clock);
        CapabilityEngine b = Engines.engine(clock);
        Token t = a.issue(PLAYER, READ.bit(), PCM, null, in(3600));
        HalException x = assertThrows(HalException.class, () -> b.grant(t.encoded()));
        assertEquals(ErrorCode.PERMISSION_DENIED, x.code());
        assertTrue(x.getMessage().contains("unknown key"));
        assertFalse(b.check(a.subject(PLAYER), PCM, READ.bit()), "a subject of another engine is denied");
    }

    @Test
    void grantsPersistAcrossRestartAndRevocationsStick(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("grants.txt");
        CapabilityEngine e1 = Engines.engine(clock, Engines.keys(dir.resolve("keys")), store);
        Token keep = e1.grant(PLAYER, READ.bit(), PCM, null, in(3600));
        Token gone = e1.grant(OTHER, READ.bit(), PCM, null, in(3600));
        Token child = e1.attenuate(PLAYER, keep.id(), OTHER, READ.bit(), PCM, null);
        e1.revoke(gone.id());
        e1.close();
        assertTrue(Files.readString(store).startsWith(GrantStore.HEADER));

        CapabilityEngine e2 = Engines.engine(clock, Engines.keys(dir.resolve("keys")), store);
        assertTrue(e2.startupProblems().isEmpty(), e2.startupProblems().toString());
        assertEquals(List.of(keep.id(), child.id()).stream().sorted().toList(),
                e2.grants().stream().map(g -> g.token().id()).sorted().toList());
        assertTrue(e2.check(e2.subject(PLAYER), PCM, READ.bit()));
        assertEquals(ErrorCode.PERMISSION_DENIED, assertThrows(HalException.class, () -> e2.grant(gone.encoded())).code());
        assertEquals(1, e2.keys().size(), "the key was reused, not regenerated");
    }

    @Test
    void aStaleTempFileFromACrashChangesNothing(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("grants.txt");
        CapabilityEngine e1 = Engines.engine(clock, Engines.keys(dir.resolve("keys")), store);
        Token t = e1.grant(PLAYER, READ.bit(), PCM, null, in(3600));
        String before = Files.readString(store);
        // a crash between writing the temporary file and the rename leaves this behind
        Files.writeString(dir.resolve("grants.txt" + aegis.hal.api.io.AtomicFiles.TEMP_SUFFIX), "garbage\u0000half a li", StandardCharsets.UTF_8);
        assertEquals(before, Files.readString(store));
        CapabilityEngine e2 = Engines.engine(clock, Engines.keys(dir.resolve("keys")), store);
        assertTrue(e2.check(e2.subject(PLAYER), PCM, READ.bit()));
        e2.grant(OTHER, READ.bit(), PCM, null, in(3600));
        assertFalse(Files.exists(dir.resolve("grants.txt" + aegis.hal.api.io.AtomicFiles.TEMP_SUFFIX)), "the next write replaced it");
        assertEquals(2, Engines.engine(clock, Engines.keys(dir.resolve("keys")), store).grants().size());
        assertTrue(Files.readString(store).contains(t.encoded()));
    }

    @Test
    void aFailedWriteGrantsNothing(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        CapabilityEngine e = Engines.engine(clock, Engines.keys(null), blocker.resolve("grants.txt"));
        HalException x = assertThrows(HalException.class, () -> e.grant(PLAYER, READ.bit(), PCM, null, in(60)));
        assertEquals(ErrorCode.IO, x.code());
        assertTrue(e.grants().isEmpty());
        assertFalse(e.check(e.subject(PLAYER), PCM, READ.bit()));
    }

    @Test
    void wallClockSteppedBackNeverExtends(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("grants.txt");
        CapabilityEngine e1 = Engines.engine(clock, Engines.keys(dir.resolve("keys")), store);
        e1.grant(PLAYER, READ.bit(), PCM, null, in(100));
        clock.stepWall(-3_600_000); // while running: ignored
        clock.advanceSeconds(50);
        e1.tick();
        assertTrue(e1.check(e1.subject(PLAYER), PCM, READ.bit()));
        clock.advanceSeconds(50);
        assertFalse(e1.check(e1.subject(PLAYER), PCM, READ.bit()), "expired on the monotonic clock");

        // across a restart: the persisted high-water mark stands in for a wall clock set back
        ManualClock c2 = new ManualClock(Engines.WALL);
        CapabilityEngine a = Engines.engine(c2, Engines.keys(dir.resolve("k2")), dir.resolve("g2.txt"));
        a.grant(PLAYER, READ.bit(), PCM, null, in(100));
        c2.advanceSeconds(60);
        a.close();
        c2.stepWall(-3_600_000);
        CapabilityEngine b = Engines.engine(c2, Engines.keys(dir.resolve("k2")), dir.resolve("g2.txt"));
        assertTrue(b.check(b.subject(PLAYER), PCM, READ.bit()));
        c2.advanceSeconds(40);
        assertFalse(b.check(b.subject(PLAYER), PCM, READ.bit()), "not extended by the hour the wall clock went back");
    }

    @Test
    void timeTheMonotonicClockMissedEndsGrantsEarlyNeverLate() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        e.grant(PLAYER, READ.bit(), PCM, null, in(100));
        clock.stepWall(200_000); // e.g. 200 s of system suspend: the monotonic clock did not move
        assertTrue(e.check(e.subject(PLAYER), PCM, READ.bit()), "not yet noticed");
        e.tick();
        assertFalse(e.check(e.subject(PLAYER), PCM, READ.bit()), "noticed on the next tick");
    }

    @Test
    void keysRotateAndRetire(@TempDir Path dir) throws Exception {
        Path keyDir = dir.resolve("keys");
        CapabilityEngine e = Engines.engine(clock, Engines.keys(keyDir), dir.resolve("g.txt"));
        String k1 = e.keys().get(0).id();
        Token old = e.grant(PLAYER, READ.bit(), PCM, null, in(3600));
        String k2 = e.rotateKey().id();
        Token neu = e.grant(OTHER, READ.bit(), PCM, null, in(3600));
        assertEquals(k1, old.keyId());
        assertEquals(k2, neu.keyId());
        assertEquals(k2, e.keys().get(0).id(), "active first");
        e.close();
        CapabilityEngine again = Engines.engine(clock, Engines.keys(keyDir), dir.resolve("g.txt"));
        assertEquals(2, again.grants().size(), "old tokens still verify after rotation");
        assertEquals(ErrorCode.CONFLICT, assertThrows(HalException.class, () -> again.retireKey(k2)).code());
        assertEquals(List.of(old.id()), again.retireKey(k1));
        assertFalse(Files.exists(keyDir.resolve(k1 + ".key")));
        assertEquals(1, again.grants().size());
        if (Files.getFileStore(keyDir).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(keyDir.resolve(k2 + ".key"))));
        }
    }

    @Test
    void bundlesGetSubjectsFromTheDeployFolderNotTheirManifest() throws HalException {
        CapabilityEngine e = Engines.engine(clock);
        e.grant(PLAYER, READ.bit(), "/dev/audio/**", null, in(3600));
        var player = Fakes.bundle(10, "com.example.player", "file:" + Engines.DEPLOY + "/media/player/player.jar");
        var impostor = Fakes.bundle(11, "aegis.hal.media.player", "file:" + Engines.DEPLOY + "/evil/app/x.jar");
        var driver = Fakes.bundle(12, "aegis.hal.block", "file:/opt/aegis/bundles/hal.block.jar");
        var stranger = Fakes.bundle(13, "com.example.other", "file:/tmp/other.jar");
        assertTrue(e.visible(player, PCM));
        assertFalse(e.visible(impostor, PCM), "an aegis.hal.* name in an app folder is not trusted");
        assertTrue(e.visible(driver, "/dev/block/sda"));
        assertFalse(e.visible(stranger, PCM));
        assertFalse(e.visible(player, null), "no devfs path: ADMIN on /dev/** needed");
        e.grant(PLAYER, ADMIN.bit(), "/dev/**", null, in(3600));
        assertTrue(e.visible(player, null));
        assertTrue(e.check(e.subject(player), PCM, READ.bit()));
    }

    @Test
    void checksAllocateNothing() throws HalException {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!mx.isThreadAllocatedMemorySupported()) {
            return;
        }
        mx.setThreadAllocatedMemoryEnabled(true);
        CapabilityEngine e = Engines.engine(clock);
        for (int i = 0; i < 100; i++) {
            e.grant(new Principal("c" + i, "a"), READ.bit(), "/dev/audio/*", null, in(3600));
        }
        e.grant(PLAYER, mask(READ, PLAYBACK), "/dev/audio/*", null, in(3600));
        Subject s = e.subject(PLAYER);
        String path = PCM;
        boolean all = true;
        for (int i = 0; i < 20_000; i++) {
            all &= e.check(s, path, READ.bit());
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 200_000; i++) {
            all &= e.check(s, path, READ.bit());
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(all);
        assertTrue(allocated < 4096, "200,000 checks allocated " + allocated + " bytes");
    }

    @Test
    void durationTextOfCommands() throws HalException {
        assertEquals(Duration.ofHours(2), CapabilityCommands.duration("2h"));
        assertEquals(Duration.ofDays(7), CapabilityCommands.duration("7d"));
        assertEquals(Duration.ofMinutes(90), CapabilityCommands.duration("PT1H30M"));
        for (String bad : List.of("", "h", "0s", "-1h", "5y", "PT-1H")) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(HalException.class, () -> CapabilityCommands.duration(bad)).code(), bad);
        }
        assertEquals(Permission.ALL, Permission.parse("all"));
    }
}
