package aegis.hal.uefi.internal;

import aegis.hal.api.error.HalException;
import aegis.hal.uefi.codec.EfiFormatException;
import aegis.hal.uefi.codec.EfiVariables;
import aegis.hal.uefi.codec.EfiVariables.Content;
import aegis.hal.uefi.codec.EfiVariables.Name;
import aegis.hal.uefi.codec.Guids;
import aegis.hal.uefi.codec.LoadOptions;
import aegis.hal.uefi.codec.SignatureLists;
import aegis.hal.uefi.model.BootEntry;
import aegis.hal.uefi.model.BootManager;
import aegis.hal.uefi.model.EfiVariable;
import aegis.hal.uefi.model.SecureBootState;
import aegis.hal.uefi.model.SignatureDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Builds the model records from an {@link EfiStore}. Stateless apart from the store; thread-safe. */
final class UefiReader {
    /** Boot#### as efibootmgr matches it: four hex digits, either case. */
    static final Pattern BOOT_NAME = Pattern.compile("Boot[0-9A-Fa-f]{4}");

    private final EfiStore store;

    UefiReader(EfiStore store) {
        this.store = store;
    }

    List<EfiVariable> variables() throws HalException {
        List<EfiVariable> out = new ArrayList<>();
        for (Name n : store.names()) {
            Optional<Content> c = store.read(n.name(), n.vendor());
            if (c.isEmpty()) {
                continue; // deleted meanwhile
            }
            long a = c.get().attributes();
            out.add(new EfiVariable(n.name(), n.vendor(), Guids.name(n.vendor()), a, EfiVariables.attributeNames(a),
                    c.get().data().length));
        }
        return out;
    }

    BootManager bootManager() throws HalException {
        Optional<Content> order = global("BootOrder");
        List<Integer> bootOrder = order.isPresent() ? EfiVariables.u16List(order.get().data()) : List.of();
        List<BootEntry> entries = new ArrayList<>();
        for (Name n : store.names()) {
            if (!n.vendor().equals(Guids.GLOBAL) || !BOOT_NAME.matcher(n.name()).matches()) {
                continue;
            }
            entries.add(entry(n.name()));
        }
        return new BootManager(u16(global("BootCurrent")), u16(global("BootNext")), u16(global("Timeout")), bootOrder,
                order.isPresent(), entries);
    }

    /** @return one Boot#### entry, decoded or with its error */
    BootEntry entry(String name) throws HalException {
        return find(name).orElseGet(() -> new BootEntry(name, Integer.parseInt(name.substring(4), 16), Optional.empty(),
                Optional.of(name + " does not exist")));
    }

    /**
     * @param name a Boot#### variable name as stored
     * @return the entry, decoded or with its error; empty when the variable does not exist
     */
    Optional<BootEntry> find(String name) throws HalException {
        int number = Integer.parseInt(name.substring(4), 16);
        Optional<Content> c;
        try {
            c = global(name);
        } catch (EfiFormatException e) {
            return Optional.of(new BootEntry(name, number, Optional.empty(), Optional.of(e.getMessage())));
        }
        if (c.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BootEntry(name, number, Optional.of(LoadOptions.decode(c.get().data())), Optional.empty()));
        } catch (EfiFormatException e) {
            return Optional.of(new BootEntry(name, number, Optional.empty(), Optional.of(e.getMessage())));
        }
    }

    /**
     * @param name a one-byte global variable ({@code SecureBoot}, {@code SetupMode})
     * @return its value; empty when it is absent or not one byte long
     */
    Optional<Integer> oneByteVariable(String name) throws HalException {
        return oneByte(global(name));
    }

    /**
     * @param name a two-byte global variable ({@code BootCurrent}, {@code Timeout})
     * @return its value; empty when it is absent or not two bytes long
     */
    Optional<Integer> u16Variable(String name) throws HalException {
        return u16(global(name));
    }

    /** @return BootOrder; empty when it is not set */
    List<Integer> bootOrder() throws HalException {
        Optional<Content> order = global("BootOrder");
        return order.isPresent() ? EfiVariables.u16List(order.get().data()) : List.of();
    }

    SecureBootState secureBoot() throws HalException {
        Optional<Integer> sb = oneByte(global("SecureBoot"));
        Optional<Integer> setup = oneByte(global("SetupMode"));
        Optional<Content> mok = store.read("MokSBStateRT", Guids.SHIM_LOCK);
        boolean shimOff = mok.isPresent() && mok.get().data().length >= 1 && mok.get().data()[0] == 1;
        List<SignatureDatabase> dbs = new ArrayList<>();
        dbs.add(database("PK", Guids.GLOBAL));
        dbs.add(database("KEK", Guids.GLOBAL));
        dbs.add(database("db", Guids.IMAGE_SECURITY_DATABASE));
        dbs.add(database("dbx", Guids.IMAGE_SECURITY_DATABASE));
        return new SecureBootState(sb, setup, oneByte(global("AuditMode")), oneByte(global("DeployedMode")), shimOff,
                Texts.sbStateLines(global("SecureBoot"), global("SetupMode"), shimOff), dbs);
    }

    private SignatureDatabase database(String name, UUID vendor) throws HalException {
        Optional<Content> c;
        try {
            c = store.read(name, vendor);
        } catch (EfiFormatException e) {
            return new SignatureDatabase(name, true, 0, List.of(), Optional.of(e.getMessage()));
        }
        if (c.isEmpty()) {
            return new SignatureDatabase(name, false, 0, List.of(), Optional.empty());
        }
        byte[] d = c.get().data();
        try {
            return new SignatureDatabase(name, true, d.length, SignatureLists.decode(d), Optional.empty());
        } catch (EfiFormatException e) {
            return new SignatureDatabase(name, true, d.length, List.of(), Optional.of(e.getMessage()));
        }
    }

    Optional<Content> global(String name) throws HalException {
        return store.read(name, Guids.GLOBAL);
    }

    private static Optional<Integer> u16(Optional<Content> c) {
        if (c.isEmpty() || c.get().data().length != 2) {
            return Optional.empty(); // efibootmgr ignores a value of another size too
        }
        byte[] d = c.get().data();
        return Optional.of((d[0] & 0xff) | (d[1] & 0xff) << 8);
    }

    private static Optional<Integer> oneByte(Optional<Content> c) {
        return c.isPresent() && c.get().data().length == 1 ? Optional.of(c.get().data()[0] & 0xff) : Optional.empty();
    }
}
