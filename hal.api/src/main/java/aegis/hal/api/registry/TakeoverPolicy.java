package aegis.hal.api.registry;

/** Whether an arriving driver may take devices that another driver already holds. */
public enum TakeoverPolicy {
    /** An arriving driver binds only devices that no driver holds. */
    NEVER,
    /** It also takes devices held by a driver it outranks, when that driver says they are not busy. */
    IDLE,
    /** It takes every device held by a driver it outranks, busy or not. */
    BETTER;

    /**
     * @param text {@code never}, {@code idle} or {@code better}, in any case
     * @return the policy
     * @throws IllegalArgumentException for any other text
     */
    public static TakeoverPolicy parse(String text) {
        for (TakeoverPolicy p : values()) {
            if (p.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown takeover policy '" + text + "': expected never, idle or better");
    }
}
