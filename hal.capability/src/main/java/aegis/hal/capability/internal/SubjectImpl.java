package aegis.hal.capability.internal;

import java.util.Optional;

import aegis.hal.capability.api.Principal;
import aegis.hal.capability.api.Subject;

/**
 * A resolved subject: the principal's slot in the engine's tables, or -1. Immutable.
 */
final class SubjectImpl implements Subject {
    final CapabilityEngine owner;
    final int slot;
    final boolean trusted;
    final Principal principal;
    final String label;

    SubjectImpl(CapabilityEngine owner, int slot, boolean trusted, Principal principal, String label) {
        this.owner = owner;
        this.slot = slot;
        this.trusted = trusted;
        this.principal = principal;
        this.label = label;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public boolean trusted() {
        return trusted;
    }

    @Override
    public String toString() {
        return label;
    }
}
