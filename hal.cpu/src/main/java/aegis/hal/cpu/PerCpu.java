package aegis.hal.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * One slot per CPU for a driver's per-CPU data (the seed's per-CPU storage). Get one from
 * {@link CpuService#perCpu(IntFunction)}, which sizes it from the kernel's {@code possible} CPUs, so
 * a CPU brought online later already has its slot. Slots are independent atomic references:
 * thread-safe, lock-free; a value that is itself mutable needs its own synchronisation.
 *
 * @param <T> the slot type
 */
public final class PerCpu<T> {
    private final AtomicReferenceArray<T> slots;

    private PerCpu(int size, IntFunction<? extends T> initial) {
        this.slots = new AtomicReferenceArray<>(size);
        for (int i = 0; i < size; i++) {
            slots.set(i, initial.apply(i));
        }
    }

    /**
     * Creates the storage. Drivers use {@link CpuService#perCpu(IntFunction)}; this factory is for
     * tests and for code that already knows the CPU count.
     *
     * @param <T>     the slot type
     * @param size    the number of slots (CPU numbers 0 to size-1)
     * @param initial makes the initial value of each slot from its CPU number; may return null
     * @return the storage
     * @throws IllegalArgumentException if size is negative
     */
    public static <T> PerCpu<T> of(int size, IntFunction<? extends T> initial) {
        if (size < 0) {
            throw new IllegalArgumentException("negative CPU count " + size);
        }
        return new PerCpu<>(size, Objects.requireNonNull(initial, "initial"));
    }

    /** @return the number of slots */
    public int size() {
        return slots.length();
    }

    /**
     * @param cpu a CPU number
     * @return the value of its slot
     * @throws IllegalArgumentException if there is no such slot
     */
    public T get(int cpu) {
        return slots.get(check(cpu));
    }

    /**
     * @param cpu   a CPU number
     * @param value the new value of its slot
     * @throws IllegalArgumentException if there is no such slot
     */
    public void set(int cpu, T value) {
        slots.set(check(cpu), value);
    }

    /**
     * Atomically replaces a slot's value with a function of it; the function may run more than once
     * under contention, so it must be free of side effects.
     *
     * @param cpu    a CPU number
     * @param update computes the new value from the old
     * @return the new value
     * @throws IllegalArgumentException if there is no such slot
     */
    public T updateAndGet(int cpu, UnaryOperator<T> update) {
        return slots.updateAndGet(check(cpu), update);
    }

    /** @return the current values, by CPU number (a copy; null slots are kept as null) */
    public List<T> snapshot() {
        List<T> out = new ArrayList<>(slots.length());
        for (int i = 0; i < slots.length(); i++) {
            out.add(slots.get(i));
        }
        return Collections.unmodifiableList(out);
    }

    private int check(int cpu) {
        if (cpu < 0 || cpu >= slots.length()) {
            throw new IllegalArgumentException("no per-CPU slot for CPU " + cpu + " (slots 0.." + (slots.length() - 1) + ")");
        }
        return cpu;
    }
}
