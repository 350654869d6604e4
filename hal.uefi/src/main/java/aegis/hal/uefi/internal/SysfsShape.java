package aegis.hal.uefi.internal;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.sysfs.Attribute;
import aegis.hal.sysfs.AttributeSpec;
import aegis.hal.sysfs.AttributeType;
import aegis.hal.uefi.model.BootEntry;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.LoadOption;
import aegis.hal.uefi.model.SecureBootState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The attributes this subsystem publishes under {@code /sys/hal/uefi}: their specs and values, in
 * one place. Each value is defined once over a {@link Source}, so the text of a snapshot
 * ({@link #attributes}, checked against the efibootmgr and mokutil oracles) and the live value that
 * sysfs reads ({@link #attribute}) cannot differ. All read-only, without a device path (the UEFI
 * devices have no devfs node): readable by every bundle. Stateless.
 */
final class SysfsShape {
    static final String ROOT = "/sys/hal/uefi";

    private SysfsShape() {
    }

    /** Where values come from: a snapshot, or the store read at the moment of the call. */
    interface Source {
        /** @return the SecureBoot variable, if present and one byte */
        Optional<Integer> secureBoot() throws HalException;

        /** @return the SetupMode variable, if present and one byte */
        Optional<Integer> setupMode() throws HalException;

        /** @return BootCurrent, if present and two bytes */
        Optional<Integer> bootCurrent() throws HalException;

        /** @return BootOrder, empty when not set */
        List<Integer> bootOrder() throws HalException;

        /** @return Timeout in seconds, if present and two bytes */
        Optional<Integer> timeout() throws HalException;

        /**
         * @param name a Boot#### variable name as stored
         * @return the entry; empty when there is no such variable
         */
        Optional<BootEntry> entry(String name) throws HalException;

        /** @return the values of one snapshot */
        static Source of(BootManager bm, SecureBootState sb) {
            return new Source() {
                @Override
                public Optional<Integer> secureBoot() {
                    return sb.secureBoot();
                }

                @Override
                public Optional<Integer> setupMode() {
                    return sb.setupMode();
                }

                @Override
                public Optional<Integer> bootCurrent() {
                    return bm.bootCurrent();
                }

                @Override
                public List<Integer> bootOrder() {
                    return bm.bootOrder();
                }

                @Override
                public Optional<Integer> timeout() {
                    return bm.timeout();
                }

                @Override
                public Optional<BootEntry> entry(String name) {
                    return bm.entries().stream().filter(e -> e.name().equals(name)).findFirst();
                }
            };
        }

        /** @return the values read from the store at each call (only the variables a value needs) */
        static Source live(UefiReader r) {
            return new Source() {
                @Override
                public Optional<Integer> secureBoot() throws HalException {
                    return r.oneByteVariable("SecureBoot");
                }

                @Override
                public Optional<Integer> setupMode() throws HalException {
                    return r.oneByteVariable("SetupMode");
                }

                @Override
                public Optional<Integer> bootCurrent() throws HalException {
                    return r.u16Variable("BootCurrent");
                }

                @Override
                public List<Integer> bootOrder() throws HalException {
                    return r.bootOrder();
                }

                @Override
                public Optional<Integer> timeout() throws HalException {
                    return r.u16Variable("Timeout");
                }

                @Override
                public Optional<BootEntry> entry(String name) throws HalException {
                    return r.find(name);
                }
            };
        }
    }

    /** Reads one value; empty when the variable behind it is not set. */
    @FunctionalInterface
    interface Value {
        Optional<?> read(Source s) throws HalException;
    }

    /**
     * One attribute.
     *
     * @param spec   where and what it is
     * @param value  its value, of the Java type of {@code spec.type()}
     * @param absent why there is no value when {@link #value} is empty (the text form is then {@code ""})
     */
    record Def(AttributeSpec spec, Value value, String absent) {
        String path() {
            return spec.path();
        }
    }

    /**
     * @param bm the boot manager, for the Boot#### entries (one directory each; an entry that does
     *           not decode gets only {@code error})
     * @return every attribute, the boot manager ones first, then the entries by variable name; when
     *         two variables differ only in the case of their hex digits, the first by name wins
     */
    static List<Def> defs(BootManager bm) {
        List<Def> d = new ArrayList<>();
        d.add(new Def(AttributeSpec.builder(ROOT + "/secure_boot", AttributeType.ENUM)
                .allowed("enabled", "disabled", "unknown", "unsupported")
                .description("SecureBoot as mokutil --sb-state says it: enabled (1), disabled (0), unknown (another "
                        + "value), unsupported (no SecureBoot variable)").build(),
                s -> Optional.of(secureBootText(s.secureBoot())), ""));
        d.add(new Def(AttributeSpec.builder(ROOT + "/setup_mode", AttributeType.INTEGER)
                .description("the SetupMode variable: 1 = setup mode (no Platform Key), 0 = user mode").build(),
                s -> s.setupMode().map(Long::valueOf), "the SetupMode variable is not set"));
        d.add(new Def(AttributeSpec.builder(ROOT + "/boot_current", AttributeType.STRING)
                .description("the Boot#### option the firmware booted, four hex digits; empty when BootCurrent is not set")
                .build(), s -> Optional.of(s.bootCurrent().map(SysfsShape::hex).orElse("")), ""));
        d.add(new Def(AttributeSpec.builder(ROOT + "/boot_order", AttributeType.STRING)
                .description("BootOrder as efibootmgr prints it (hex, comma-separated); empty when not set").build(),
                s -> Optional.of(s.bootOrder().stream().map(SysfsShape::hex).collect(Collectors.joining(","))), ""));
        d.add(new Def(AttributeSpec.builder(ROOT + "/timeout", AttributeType.INTEGER).unit("s")
                .description("the boot menu timeout (the Timeout variable)").build(),
                s -> s.timeout().map(Long::valueOf), "the Timeout variable is not set"));
        List<String> dirs = new ArrayList<>();
        for (BootEntry e : bm.entries()) {
            String dir = ROOT + "/boot/" + hex(e.number());
            if (dirs.contains(dir)) {
                continue;
            }
            dirs.add(dir);
            String name = e.name();
            if (e.option().isPresent()) {
                d.add(new Def(AttributeSpec.builder(dir + "/description", AttributeType.STRING)
                        .description("the description of " + name).build(),
                        s -> Optional.of(option(s, name).description()), ""));
                d.add(new Def(AttributeSpec.builder(dir + "/active", AttributeType.INTEGER).range(0, 1)
                        .description("1 when " + name + " is active (LOAD_OPTION_ACTIVE, efibootmgr's '*'), else 0").build(),
                        s -> Optional.of(option(s, name).active() ? 1L : 0L), ""));
                d.add(new Def(AttributeSpec.builder(dir + "/device_path", AttributeType.STRING)
                        .description("the device path of " + name + " as efibootmgr -v prints it").build(),
                        s -> Optional.of(option(s, name).devicePathText()), ""));
            } else {
                d.add(new Def(AttributeSpec.builder(dir + "/error", AttributeType.STRING)
                        .description("why " + name + " does not decode (with the byte offset); empty once it does").build(),
                        s -> Optional.of(existing(s, name).error().orElse("")), ""));
            }
        }
        return d;
    }

    /**
     * @return the text of every attribute in one snapshot, path to value ({@code ""} where a variable
     *         is not set), as sysfs writes it
     */
    static Map<String, String> attributes(BootManager bm, SecureBootState sb) {
        Source s = Source.of(bm, sb);
        Map<String, String> m = new LinkedHashMap<>();
        for (Def d : defs(bm)) {
            try {
                m.put(d.path(), d.value().read(s).map(String::valueOf).orElse(""));
            } catch (HalException e) {
                throw new IllegalStateException("a snapshot value cannot fail: " + d.path(), e); // entries come from bm
            }
        }
        return m;
    }

    /**
     * @param d      an attribute
     * @param source the live store
     * @return the sysfs attribute: read-only, each read goes to the store
     */
    static Attribute attribute(Def d, Source source) {
        return new Attribute() {
            @Override
            public AttributeSpec spec() {
                return d.spec();
            }

            @Override
            public Object read() throws HalException {
                return d.value().read(source).orElseThrow(
                        () -> new HalException(ErrorCode.NOT_FOUND, d.path() + ": " + d.absent()));
            }

            @Override
            public String toString() {
                return "uefi attribute " + d.path();
            }
        };
    }

    static String secureBootText(Optional<Integer> v) {
        return v.map(b -> b == 1 ? "enabled" : b == 0 ? "disabled" : "unknown").orElse("unsupported");
    }

    private static String hex(int n) {
        return String.format("%04X", n);
    }

    private static BootEntry existing(Source s, String name) throws HalException {
        return s.entry(name).orElseThrow(() -> new HalException(ErrorCode.NOT_FOUND,
                name + " does not exist (deleted since the attributes were registered)"));
    }

    private static LoadOption option(Source s, String name) throws HalException {
        BootEntry e = existing(s, name);
        if (e.option().isEmpty()) {
            throw new HalException(ErrorCode.BAD_FORMAT, name + " does not decode: " + e.error().orElse(""));
        }
        return e.option().get();
    }
}
