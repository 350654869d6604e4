package aegis.hal.api.registry;

/**
 * One driver considered for a device, in the registry's order.
 *
 * @param driver    the driver name
 * @param serviceId its service id
 * @param score     its match score (0 = cannot serve; -1 = match threw or timed out)
 * @param ranking   its service.ranking
 * @param verdict   what happened to it: {@code chosen}, {@code bound}, {@code lost: <rule>},
 *                  {@code failed: <why>}, {@code no match}, {@code quarantined}
 */
public record Candidate(String driver, long serviceId, int score, int ranking, String verdict) {
}
