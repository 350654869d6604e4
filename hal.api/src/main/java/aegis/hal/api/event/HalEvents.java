package aegis.hal.api.event;

/**
 * EventAdmin topics and property names. Every device lifecycle transition is posted on
 * {@code aegis/hal/device/<STATE>} (for example {@code aegis/hal/device/ACTIVE}); subscribe to
 * {@link #DEVICE_TOPIC_ALL} for all of them.
 */
public final class HalEvents {
    /** Topic prefix of device transitions; the state name follows. */
    public static final String DEVICE_TOPIC_PREFIX = "aegis/hal/device/";
    /** Wildcard topic of every device transition. */
    public static final String DEVICE_TOPIC_ALL = DEVICE_TOPIC_PREFIX + "*";
    /** Event property: the device id. */
    public static final String DEVICE_ID = "device.id";
    /** Event property: the device class name. */
    public static final String DEVICE_CLASS = "device.class";
    /** Event property: the new state name. */
    public static final String STATE = "state";
    /** Event property: the previous state name. */
    public static final String PREVIOUS_STATE = "previous.state";
    /** Event property: why the transition happened. */
    public static final String REASON = "reason";
    /** Event property: the name of the driver involved, if any. */
    public static final String DRIVER = "driver";
    /** Event property: nanoseconds the device spent in the previous state ({@code Long}). */
    public static final String DURATION_NANOS = "duration.ns";
    /** Event property: the wall-clock time of the transition in epoch milliseconds ({@code Long}). */
    public static final String TIMESTAMP = "timestamp";

    /**
     * Topic posted when the registry rejects a configuration; property {@link #REASON} names the
     * invalid property. The previous configuration stays in force.
     */
    public static final String CONFIGURATION_REJECTED = "aegis/hal/registry/CONFIGURATION_REJECTED";

    private HalEvents() {
    }

    /**
     * @param state a state name
     * @return the topic of transitions into that state
     */
    public static String deviceTopic(String state) {
        return DEVICE_TOPIC_PREFIX + state;
    }
}
