package aegis.hal.cpu;

import aegis.hal.api.error.HalException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The hook through which the capability bundle decides whether a CPU setting may be changed
 * (ADMIN and WRITE on the CPU). The CPU service calls the highest-ranked authorizer service before
 * every write, after the value has been validated and before anything is written. Implementations
 * must be thread-safe and quick.
 */
@ConsumerType
public interface CpuWriteAuthorizer {
    /**
     * Allows or refuses a write.
     *
     * @param request what is about to be written
     * @throws HalException with {@link aegis.hal.api.error.ErrorCode#PERMISSION_DENIED} to refuse;
     *                      nothing is written then
     */
    void authorize(CpuWriteRequest request) throws HalException;
}
