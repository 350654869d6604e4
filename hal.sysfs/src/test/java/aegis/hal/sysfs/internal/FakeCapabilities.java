package aegis.hal.sysfs.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.capability.api.CapabilityListener;
import aegis.hal.capability.api.CapabilityService;
import aegis.hal.capability.api.Permission;
import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;
import aegis.hal.capability.api.Token;
import aegis.hal.capability.token.DevicePattern;

import org.osgi.framework.Bundle;

/**
 * A capability service for tests: grants are (principal, devfs pattern, mask), matched with the
 * capability bundle's own {@link DevicePattern}; trusted subjects pass every check.
 */
class FakeCapabilities implements CapabilityService {
    record FakeSubject(String name, boolean trusted, Optional<Principal> principal) implements Subject {
        @Override
        public String toString() {
            return name;
        }
    }

    private record GrantEntry(String subject, DevicePattern pattern, int mask) {
    }

    private final List<GrantEntry> grants = new ArrayList<>();
    final Map<String, Integer> checks = new ConcurrentHashMap<>();

    static Subject trusted(String name) {
        return new FakeSubject(name, true, Optional.empty());
    }

    static Subject app(String name) {
        return new FakeSubject(name, false, Optional.of(new Principal("c", name)));
    }

    /**
     * @param subject who
     * @param pattern a devfs pattern
     * @param perms   permissions
     * @return this
     */
    FakeCapabilities grant(String subject, String pattern, Permission... perms) {
        try {
            grants.add(new GrantEntry(subject, DevicePattern.parse(pattern), Permission.mask(perms)));
        } catch (HalException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Revokes everything of one subject. */
    void revokeAll(String subject) {
        grants.removeIf(g -> g.subject.equals(subject));
    }

    @Override
    public int permissions(Subject subject, String devfsPath) {
        if (subject.trusted()) {
            return Permission.ALL;
        }
        int m = 0;
        for (GrantEntry g : grants) {
            if (g.subject.equals(subject.toString()) && g.pattern.matches(devfsPath)) {
                m |= g.mask;
            }
        }
        return m;
    }

    @Override
    public boolean check(Subject subject, String devfsPath, int permissions) {
        checks.merge(devfsPath, 1, Integer::sum);
        int held = permissions(subject, devfsPath);
        return permissions == 0 ? held != 0 : (held & permissions) == permissions;
    }

    @Override
    public void require(Subject subject, String devfsPath, int permissions) throws HalException {
        if (!check(subject, devfsPath, permissions)) {
            throw new HalException(ErrorCode.PERMISSION_DENIED, subject + " lacks "
                    + Permission.names(permissions & ~permissions(subject, devfsPath)) + " on " + devfsPath);
        }
    }

    @Override
    public Subject subject(Bundle bundle) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subject subject(Principal principal) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subject self() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean visible(Bundle bundle, String devfsPath) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Token decode(String encoded) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Token present(String encoded) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Token attenuate(String parentId, Principal target, int permissions, String devices, Instant expiry) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Token> tokens() {
        throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable subscribe(CapabilityListener listener) {
        throw new UnsupportedOperationException();
    }
}
