package aegis.hal.capability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.testkit.Engines;

/**
 * While threads check, one thread revokes: no check that starts after {@code revoke()} returned may
 * succeed. Each checker reads the "revoke returned" flag before it starts a check; a check that
 * started after the flag was set and still succeeded is a violation.
 */
class RevocationConcurrencyTest {

    @Test
    void noCheckStartedAfterRevokeReturnsSucceeds() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CapabilityEngine e = Engines.engine(Clock.SYSTEM);
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            for (int round = 0; round < 40; round++) {
                Principal p = new Principal("race", "r" + round);
                Token t = e.grant(p, Permission.READ.bit(), "/dev/audio/*", null, Instant.now().plusSeconds(600));
                Subject s = e.subject(p);
                AtomicBoolean revokedReturned = new AtomicBoolean();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong successes = new AtomicLong();
                AtomicLong afterRevoke = new AtomicLong();
                AtomicLong violations = new AtomicLong();
                CountDownLatch allSucceededOnce = new CountDownLatch(threads);
                List<Thread> workers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String path = "/dev/audio/pcm" + i + "p";
                    Thread w = new Thread(() -> {
                        boolean counted = false;
                        while (!stop.get()) {
                            boolean after = revokedReturned.get();
                            boolean ok = e.check(s, path, Permission.READ.bit());
                            if (ok) {
                                successes.incrementAndGet();
                                if (!counted) {
                                    counted = true;
                                    allSucceededOnce.countDown();
                                }
                            }
                            if (after) {
                                afterRevoke.incrementAndGet();
                                if (ok) {
                                    violations.incrementAndGet();
                                }
                            }
                        }
                    }, "checker-" + i);
                    workers.add(w);
                    w.start();
                }
                allSucceededOnce.await();
                e.revoke(t.id());
                revokedReturned.set(true);
                while (afterRevoke.get() < 1000L * threads) {
                    Thread.onSpinWait();
                }
                stop.set(true);
                for (Thread w : workers) {
                    w.join();
                }
                assertEquals(0, violations.get(), "round " + round);
                assertTrue(successes.get() >= threads);
            }
        });
    }
}
