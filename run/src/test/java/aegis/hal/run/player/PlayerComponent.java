package aegis.hal.run.player;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import aegis.hal.api.device.Device;

/**
 * An application component for {@code CapabilityIT}: packed at test time into its own bundle
 * (with a hand-written component description, no HAL code) and dropped into
 * {@code deploy/media/player/}, so that its principal is {@code media/player}. Its DS reference to
 * Device shows what Declarative Services hands an application; it offers the ids it holds as a
 * {@code Supplier<List<String>>} service.
 */
public class PlayerComponent implements Supplier<List<String>> {
    private final List<String> bound = new CopyOnWriteArrayList<>();

    /** @param d a device DS binds */
    public void bindDevice(Device d) {
        bound.add(d.id());
    }

    /** @param d a device DS unbinds */
    public void unbindDevice(Device d) {
        bound.remove(d.id());
    }

    @Override
    public List<String> get() {
        return List.copyOf(bound);
    }
}
