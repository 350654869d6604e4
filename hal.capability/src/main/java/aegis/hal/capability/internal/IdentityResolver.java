package aegis.hal.capability.internal;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import aegis.hal.capability.api.Identity;
import aegis.hal.capability.api.Principal;

/**
 * Derives a bundle's identity from what the administrator controls, never from what the bundle
 * declares about itself:
 * <ol>
 * <li>bundle 0 (the framework) is trusted;</li>
 * <li>a bundle installed from {@code <deploy>/<container>/<app>/<file>} (FileInstall's location,
 * {@code file:} or {@code reference:file:}) has principal {@code container/app} and is never
 * trusted, whatever its symbolic name;</li>
 * <li>a configured location prefix ({@code file:/opt/apps/player/=media/player}) or symbolic name
 * ({@code com.example.player=media/player}) assigns a principal;</li>
 * <li>otherwise a bundle whose symbolic name starts with a trusted prefix ({@code aegis.hal.}) or is
 * listed as trusted is trusted: it was installed by the launcher or dropped at the top of the deploy
 * folder, both acts of the administrator;</li>
 * <li>anything else has no principal: it holds no grants and sees no device.</li>
 * </ol>
 * Immutable and thread-safe.
 */
public final class IdentityResolver {
    private final Path deployDir;
    private final Map<String, Principal> byName;
    private final Map<String, Principal> byLocation;
    private final List<String> trustedPrefixes;
    private final List<String> trustedNames;

    /**
     * @param deployDir       the FileInstall folder, or {@code null} when there is none
     * @param byName          principals assigned by symbolic name
     * @param byLocation      principals assigned by location prefix
     * @param trustedPrefixes symbolic-name prefixes of trusted bundles
     * @param trustedNames    symbolic names of trusted bundles
     */
    public IdentityResolver(Path deployDir, Map<String, Principal> byName, Map<String, Principal> byLocation,
            List<String> trustedPrefixes, List<String> trustedNames) {
        this.deployDir = deployDir == null ? null : deployDir.toAbsolutePath().normalize();
        this.byName = Map.copyOf(byName);
        this.byLocation = Map.copyOf(byLocation);
        this.trustedPrefixes = List.copyOf(trustedPrefixes);
        this.trustedNames = List.copyOf(trustedNames);
    }

    /**
     * @param bundleId     the bundle id
     * @param symbolicName its symbolic name, may be {@code null}
     * @param location     its location, may be {@code null}
     * @return its identity
     */
    public Identity resolve(long bundleId, String symbolicName, String location) {
        if (bundleId == 0) {
            return new Identity(bundleId, symbolicName, location, Optional.empty(), true, "system bundle");
        }
        Path rel = underDeploy(location);
        if (rel != null && rel.getNameCount() >= 2) {
            Optional<Principal> fromDeploy = fromDeployFolder(location);
            // Inside a sub-folder of deploy/: an application, never trusted; a malformed layout
            // (wrong depth, invalid ids) gets no principal at all.
            return new Identity(bundleId, symbolicName, location, fromDeploy, false,
                    fromDeploy.isPresent() ? "deploy folder" : "none (malformed deploy sub-folder)");
        }
        if (location != null) {
            String best = null;
            for (String prefix : byLocation.keySet()) {
                if (location.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
            if (best != null) {
                return new Identity(bundleId, symbolicName, location, Optional.of(byLocation.get(best)), false,
                        "configuration (location)");
            }
        }
        if (symbolicName != null && byName.containsKey(symbolicName)) {
            return new Identity(bundleId, symbolicName, location, Optional.of(byName.get(symbolicName)), false,
                    "configuration (symbolic name)");
        }
        if (symbolicName != null && (trustedNames.contains(symbolicName)
                || trustedPrefixes.stream().anyMatch(symbolicName::startsWith))) {
            return new Identity(bundleId, symbolicName, location, Optional.empty(), true, "trusted name");
        }
        return new Identity(bundleId, symbolicName, location, Optional.empty(), false, "none");
    }

    /**
     * @param location a bundle location
     * @return {@code container/app} when the location is a file exactly two folders below the
     *         deploy folder and both folder names are valid ids
     */
    Optional<Principal> fromDeployFolder(String location) {
        Path rel = underDeploy(location);
        if (rel == null || rel.getNameCount() != 3) {
            return Optional.empty();
        }
        String c = rel.getName(0).toString();
        String a = rel.getName(1).toString();
        if (!Principal.isValidId(c) || !Principal.isValidId(a)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(c, a));
    }

    /**
     * @param location a bundle location
     * @return its path relative to the deploy folder, or {@code null} when it is not a file in it
     */
    Path underDeploy(String location) {
        if (deployDir == null || location == null) {
            return null;
        }
        String loc = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        if (!loc.startsWith("file:")) {
            return null;
        }
        Path p;
        try {
            p = Paths.get(URI.create(loc)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            try {
                p = Paths.get(loc.substring("file:".length())).toAbsolutePath().normalize();
            } catch (RuntimeException e2) {
                return null;
            }
        }
        if (!p.startsWith(deployDir) || p.equals(deployDir)) {
            return null;
        }
        return deployDir.relativize(p);
    }
}
