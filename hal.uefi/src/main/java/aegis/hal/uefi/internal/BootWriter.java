package aegis.hal.uefi.internal;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.uefi.codec.EfiVariables;
import aegis.hal.uefi.codec.EfiVariables.Content;
import aegis.hal.uefi.codec.EfiVariables.Name;
import aegis.hal.uefi.codec.Guids;
import aegis.hal.uefi.codec.LoadOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The boot manager writes, with the semantics of efibootmgr 17 ({@code -o}, {@code -n}, {@code -c},
 * {@code -b N -B}). Checks everything before the first write. Callers serialise calls.
 */
final class BootWriter {
    private final EfiStore store;

    BootWriter(EfiStore store) {
        this.store = store;
    }

    /** The numbers of the existing Boot#### variables. */
    Set<Integer> entries() throws HalException {
        Set<Integer> s = new TreeSet<>();
        for (Name n : store.names()) {
            if (n.vendor().equals(Guids.GLOBAL) && UefiReader.BOOT_NAME.matcher(n.name()).matches()) {
                s.add(Integer.parseInt(n.name().substring(4), 16));
            }
        }
        return s;
    }

    void setBootOrder(List<Integer> order) throws HalException {
        if (order.isEmpty()) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "BootOrder: the list is empty");
        }
        Set<Integer> existing = entries();
        Set<Integer> seen = new HashSet<>();
        for (Integer n : order) {
            checkRange(n);
            if (!seen.add(n)) {
                throw new HalException(ErrorCode.INVALID_ARGUMENT, String.format("BootOrder: Boot%04X is listed twice", n));
            }
            if (!existing.contains(n)) {
                throw new HalException(ErrorCode.NOT_FOUND, String.format("BootOrder: there is no Boot%04X", n));
            }
        }
        store.write("BootOrder", Guids.GLOBAL, EfiVariables.NV_BS_RT, EfiVariables.u16Bytes(order));
    }

    void setBootNext(int number) throws HalException {
        checkRange(number);
        if (!entries().contains(number)) {
            throw new HalException(ErrorCode.NOT_FOUND, String.format("BootNext: there is no Boot%04X", number));
        }
        store.write("BootNext", Guids.GLOBAL, EfiVariables.NV_BS_RT, EfiVariables.u16Bytes(List.of(number)));
    }

    int create(String description, byte[] devicePath, byte[] optionalData, boolean active) throws HalException {
        byte[] data = LoadOptions.encode(active ? LoadOptions.ACTIVE : 0, description, devicePath, optionalData);
        Set<Integer> existing = entries();
        int free = 0;
        while (existing.contains(free)) {
            free++;
        }
        if (free > 0xffff) {
            throw new HalException(ErrorCode.CONFLICT, "all 65536 Boot#### numbers are taken");
        }
        Optional<Content> order = store.read("BootOrder", Guids.GLOBAL);
        List<Integer> newOrder = new ArrayList<>();
        newOrder.add(free);
        long orderAttrs = EfiVariables.NV_BS_RT;
        if (order.isPresent()) {
            newOrder.addAll(EfiVariables.u16List(order.get().data()));
            orderAttrs = order.get().attributes() & ~(1L << 31);
        }
        store.write(String.format("Boot%04X", free), Guids.GLOBAL, EfiVariables.NV_BS_RT, data);
        store.write("BootOrder", Guids.GLOBAL, orderAttrs, EfiVariables.u16Bytes(newOrder));
        return free;
    }

    void delete(int number) throws HalException {
        checkRange(number);
        String name = String.format("Boot%04X", number);
        if (store.read(name, Guids.GLOBAL).isEmpty()) {
            throw new HalException(ErrorCode.NOT_FOUND, "there is no " + name);
        }
        Optional<Content> order = store.read("BootOrder", Guids.GLOBAL);
        List<Integer> oldOrder = order.isPresent() ? EfiVariables.u16List(order.get().data()) : List.of();
        store.delete(name, Guids.GLOBAL);
        if (order.isPresent() && oldOrder.contains(number)) {
            List<Integer> newOrder = new ArrayList<>(oldOrder);
            newOrder.removeIf(n -> n == number);
            if (newOrder.isEmpty()) {
                store.delete("BootOrder", Guids.GLOBAL);
            } else {
                store.write("BootOrder", Guids.GLOBAL, order.get().attributes() & ~(1L << 31),
                        EfiVariables.u16Bytes(newOrder));
            }
        }
    }

    private static void checkRange(Integer n) throws HalException {
        if (n == null || n < 0 || n > 0xffff) {
            throw new HalException(ErrorCode.INVALID_ARGUMENT, "boot option number " + n + " is not in 0..FFFF");
        }
    }
}
