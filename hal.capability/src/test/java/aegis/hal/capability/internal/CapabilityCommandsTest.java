package aegis.hal.capability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import aegis.hal.capability.testkit.Engines;
import aegis.hal.capability.testkit.Fakes;
import aegis.hal.capability.testkit.ManualClock;

class CapabilityCommandsTest {
    final CapabilityEngine engine = Engines.engine(new ManualClock(Engines.WALL));
    final Bundle self = Fakes.bundle(7, "aegis.hal.capability", "file:/opt/aegis/cap.jar");
    final Bundle player = Fakes.bundle(20, "com.example.player", "file:" + Engines.DEPLOY + "/media/player/p.jar");
    final Bundle loose = Fakes.bundle(21, "com.example.loose", "file:/tmp/loose.jar");
    final Fakes.Context ctx = new Fakes.Context(self);
    final CapabilityCommands cmd;

    CapabilityCommandsTest() {
        ctx.bundles.put(20L, player);
        ctx.bundles.put(21L, loose);
        cmd = new CapabilityCommands(engine, ctx.context);
    }

    @Test
    void grantListCheckRevoke() {
        String out = cmd.grant("2h", "com.example.player", "read,playback", "/dev/audio/*");
        assertTrue(out.startsWith("granted "), out);
        String id = out.split(" ")[1];
        assertTrue(out.contains("to media/player: READ,PLAYBACK on /dev/audio/*"), out);
        assertTrue(cmd.list(false).contains(id));
        assertTrue(cmd.list(true).contains("\"principal\": \"media/player\""), cmd.list(true));
        assertEquals("allowed: media/player holds READ,PLAYBACK on /dev/audio/pcm0p", cmd.check("20", "/dev/audio/pcm0p", "read"));
        assertEquals("denied: media/player holds READ,PLAYBACK on /dev/audio/pcm0p, missing WRITE",
                cmd.check("20", "/dev/audio/pcm0p", "write"));
        String tokenText = cmd.token("print", id.substring(0, 8));
        assertTrue(cmd.token("decode", tokenText).contains("\"signature\": \"valid signature\""));
        assertTrue(cmd.revoke(id).startsWith("revoked " + id));
        assertEquals("no grants", cmd.list(false));
        assertTrue(cmd.grant(tokenText).startsWith("PERMISSION_DENIED: token " + id + " was revoked"));
    }

    @Test
    void clearErrors() {
        assertEquals("NOT_FOUND: unknown bundle 99", cmd.grant("1h", "99", "read", "/dev/x"));
        assertEquals("NOT_FOUND: unknown bundle com.nope", cmd.whoami(false, "com.nope"));
        assertTrue(cmd.grant("1h", "media/player", "reed", "/dev/x").startsWith("INVALID_ARGUMENT: unknown permission 'reed'"));
        assertTrue(cmd.grant("1h", "21", "read", "/dev/x").startsWith("INVALID_ARGUMENT: bundle 21 (com.example.loose) has no principal"));
        assertTrue(cmd.grant("1h", "media/player", "read", "dev/x").startsWith("INVALID_ARGUMENT: invalid device pattern"));
        assertTrue(cmd.grant("soon", "media/player", "read", "/dev/x").startsWith("INVALID_ARGUMENT: not a duration"));
        assertTrue(cmd.token("decode", "not*a*token").startsWith("BAD_FORMAT: malformed token at byte"));
        assertTrue(cmd.grant("AAAA").startsWith("BAD_FORMAT: malformed token at byte"));
        assertTrue(cmd.revoke("abc").startsWith("INVALID_ARGUMENT"));
        assertTrue(cmd.revoke("0123456789").startsWith("NOT_FOUND"));
        assertEquals("no grants", cmd.list(false), "nothing changed");
    }

    @Test
    void whoamiAuditKeysAttenuateIssue() {
        assertEquals("bundle 20 (com.example.player): principal media/player [deploy folder]", cmd.whoami(false, "20"));
        assertEquals("bundle 7 (aegis.hal.capability): trusted [trusted name]", cmd.whoami(false, "aegis.hal.capability"));
        assertTrue(cmd.whoami(true, "21").contains("\"principal\": null"));
        String out = cmd.grant("1h", "media/player", "read,write", "/dev/audio/**");
        String id = out.split(" ")[1];
        String child = cmd.attenuate("", id, "media/helper", "read", "/dev/audio/pcm0p");
        assertTrue(child.startsWith("granted ") && child.contains("depth 1"), child);
        assertTrue(cmd.attenuate("", id, "media/helper", "admin", "/dev/audio/pcm0p").startsWith("PERMISSION_DENIED: attenuation would widen"));
        engine.check(engine.subject(player), "/dev/block/sda", 1);
        assertTrue(cmd.audit(false).contains("media/player /dev/block/sda requested READ missing READ"), cmd.audit(false));
        assertTrue(cmd.audit(true).contains("\"path\": \"/dev/block/sda\""));
        assertTrue(cmd.keys(false).contains(" active "));
        assertTrue(cmd.keys("rotate", "").startsWith("active key "));
        assertEquals(2, engine.keys().size());
        String issued = cmd.token("1h", "issue", "media/player", "read", "/dev/x");
        assertTrue(issued.matches("[A-Za-z0-9_-]+"), issued);
        assertTrue(cmd.grant(issued).startsWith("granted "));
    }
}
