package aegis.hal.uefi.model;

import java.util.List;
import java.util.Optional;

/**
 * The Secure Boot state: the one-byte mode variables and the key databases.
 *
 * @param secureBoot     the SecureBoot variable (1 = enabled), if present and one byte long
 * @param setupMode      the SetupMode variable, if present and one byte long
 * @param auditMode      the AuditMode variable, if present and one byte long
 * @param deployedMode   the DeployedMode variable, if present and one byte long
 * @param shimValidationDisabled whether shim's MokSBStateRT says validation is disabled
 * @param summary        the state in the words of {@code mokutil --sb-state}, one line each
 * @param databases      PK, KEK, db and dbx, in that order
 */
public record SecureBootState(Optional<Integer> secureBoot, Optional<Integer> setupMode,
        Optional<Integer> auditMode, Optional<Integer> deployedMode, boolean shimValidationDisabled,
        List<String> summary, List<SignatureDatabase> databases) {
    /** Copies the lists. */
    public SecureBootState {
        summary = List.copyOf(summary);
        databases = List.copyOf(databases);
    }
}
