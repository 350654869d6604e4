package aegis.hal.capability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import aegis.hal.capability.api.Identity;
import aegis.hal.capability.api.Principal;

class IdentityResolverTest {
    static final Path DEPLOY = Path.of("/srv/aegis/deploy");
    final IdentityResolver r = new IdentityResolver(DEPLOY, Map.of("com.example.tool", new Principal("ops", "tool")),
            Map.of("file:/opt/apps/player/", new Principal("media", "player")), List.of("aegis.hal."),
            List.of("org.example.trusted"));

    @Test
    void frameworkIsTrusted() {
        assertTrue(r.resolve(0, "org.apache.felix.framework", "System Bundle").trusted());
    }

    @Test
    void deploySubFolderGivesThePrincipal() {
        Identity id = r.resolve(5, "whatever", "file:/srv/aegis/deploy/media/player/p.jar");
        assertEquals(Optional.of(new Principal("media", "player")), id.principal());
        assertFalse(id.trusted());
        assertEquals("deploy folder", id.source());
        assertEquals(Optional.of(new Principal("media", "player")),
                r.resolve(5, "x", "reference:file:/srv/aegis/deploy/media/player/p.jar").principal());
        assertEquals(Optional.of(new Principal("media", "player")),
                r.resolve(5, "x", "file:/srv/aegis/deploy/media/x/../player/p.jar").principal(), "normalised");
    }

    @Test
    void theManifestCannotClaimAnIdentityOrTrust() {
        Identity impostor = r.resolve(6, "aegis.hal.block", "file:/srv/aegis/deploy/evil/app/aegis-hal-block.jar");
        assertFalse(impostor.trusted(), "a HAL name inside an application folder is not trusted");
        assertEquals(Optional.of(new Principal("evil", "app")), impostor.principal());
        Identity deeper = r.resolve(7, "aegis.hal.block", "file:/srv/aegis/deploy/evil/app/sub/x.jar");
        assertFalse(deeper.trusted());
        assertTrue(deeper.principal().isEmpty());
        Identity badIds = r.resolve(8, "aegis.hal.x", "file:/srv/aegis/deploy/Evil/App/x.jar");
        assertFalse(badIds.trusted());
        assertTrue(badIds.principal().isEmpty());
    }

    @Test
    void topOfTheDeployFolderAndLauncherBundlesWithHalNamesAreTrusted() {
        assertTrue(r.resolve(9, "aegis.hal.block.nvme", "file:/srv/aegis/deploy/nvme.jar").trusted());
        assertTrue(r.resolve(10, "aegis.hal.registry", "reference:file:/opt/aegis/bundles/registry.jar").trusted());
        assertTrue(r.resolve(11, "org.example.trusted", "file:/x.jar").trusted());
        assertFalse(r.resolve(12, "org.example.untrusted", "file:/x.jar").trusted());
        assertFalse(r.resolve(12, null, null).trusted());
    }

    @Test
    void configuredAssignments() {
        assertEquals(Optional.of(new Principal("media", "player")),
                r.resolve(13, "a.b", "file:/opt/apps/player/p.jar").principal());
        Identity byName = r.resolve(14, "com.example.tool", "file:/opt/other/t.jar");
        assertEquals(Optional.of(new Principal("ops", "tool")), byName.principal());
        assertEquals("configuration (symbolic name)", byName.source());
        assertEquals(Optional.of(new Principal("evil", "app")),
                r.resolve(15, "com.example.tool", "file:/srv/aegis/deploy/evil/app/t.jar").principal(),
                "the deploy folder wins over a name assignment");
    }

    @Test
    void parsesAssignmentLines() {
        Map<String, Principal> byName = new HashMap<>();
        Map<String, Principal> byLoc = new HashMap<>();
        List<String> bad = CapabilityManager.parseAssignments(new String[] {"com.x=media/player",
                "file:/opt/a/=c/a", "nonsense", "y=Bad/Id"}, byName, byLoc);
        assertEquals(Map.of("com.x", new Principal("media", "player")), byName);
        assertEquals(Map.of("file:/opt/a/", new Principal("c", "a")), byLoc);
        assertEquals(List.of("nonsense", "y=Bad/Id"), bad);
    }
}
