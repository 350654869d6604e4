package aegis.hal.uefi.internal;

import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.SecureBootState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the registered sysfs {@link Attribute} services equal to a snapshot: the boot manager and
 * Secure Boot attributes and one {@code /sys/hal/uefi/boot/<XXXX>/} directory per Boot#### entry
 * ({@link SysfsShape}). The attributes read the store live; the snapshot decides only which exist
 * and which values changed since the last sync. Thread-safe (synchronised; the calls are short and
 * never call out to hardware).
 */
final class AttributeSync {
    /** Registers an attribute; {@code BundleContext::registerService} in the runtime. */
    interface Registrar {
        Registration register(Attribute attribute);
    }

    /** A registered attribute; {@link #unregister()} withdraws it. */
    interface Registration {
        /** Withdraws the service; called once. */
        void unregister();
    }

    private final Registrar registrar;
    private final Map<String, Registered> registered = new LinkedHashMap<>();
    private boolean synced;

    private record Registered(AttributeSpec spec, Registration registration, String text) {
    }

    AttributeSync(Registrar registrar) {
        this.registrar = registrar;
    }

    /**
     * Registers the attributes of a snapshot and withdraws those it no longer has.
     *
     * @param live what the attributes read from (the store, at each read)
     * @param bm   the boot manager now
     * @param sb   the Secure Boot state now
     * @return the paths whose value differs from the previous sync (also paths new since then; none
     *         on the first sync), for {@code SysFs.changed}
     */
    synchronized List<String> sync(SysfsShape.Source live, BootManager bm, SecureBootState sb) {
        Map<String, String> now = SysfsShape.attributes(bm, sb);
        registered.entrySet().removeIf(en -> {
            if (!now.containsKey(en.getKey())) {
                unregister(en.getValue());
                return true;
            }
            return false;
        });
        List<String> changed = new ArrayList<>();
        for (SysfsShape.Def d : SysfsShape.defs(bm)) {
            String text = now.get(d.path());
            Registered old = registered.get(d.path());
            if (old != null && !old.spec().equals(d.spec())) {
                unregister(old); // the same directory now stands for another variable (Boot000a vs Boot000A)
                old = null;
            }
            Registration reg = old != null ? old.registration() : registrar.register(SysfsShape.attribute(d, live));
            registered.put(d.path(), new Registered(d.spec(), reg, text));
            if (synced && (old == null || !Objects.equals(old.text(), text))) {
                changed.add(d.path());
            }
        }
        synced = true;
        return changed;
    }

    /** Withdraws every attribute; the next sync counts as the first. */
    synchronized void clear() {
        registered.values().forEach(AttributeSync::unregister);
        registered.clear();
        synced = false;
    }

    private static void unregister(Registered r) {
        try {
            r.registration().unregister();
        } catch (IllegalStateException e) {
            // already unregistered (bundle stopping)
        }
    }
}
