package aegis.hal.acpi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An object in the ACPI namespace, with its children in the order they were created (the order
 * {@code acpiexec} lists them). Immutable and thread-safe.
 *
 * <p>{@link #info()} holds what the object's type adds, with these keys:
 * <ul>
 * <li>{@code METHOD}: {@code args} (0-7), {@code serialized} (boolean), {@code syncLevel},
 * {@code amlLength} (bytes of the body, which is never executed)</li>
 * <li>{@code REGION}: {@code space} (name), {@code spaceId}, and {@code address}, {@code length}
 * when they are constants</li>
 * <li>{@code REGION_FIELD}, {@code BANK_FIELD}: {@code region}; {@code INDEX_FIELD}: {@code index},
 * {@code data}; {@code BANK_FIELD} also {@code bank}; all field units and {@code BUFFER_FIELD}:
 * {@code bitOffset}, {@code bitLength}, {@code accessBytes}; {@code BUFFER_FIELD}: {@code buffer}
 * (when they are constants)</li>
 * <li>{@code PROCESSOR}: {@code procId}, {@code pblkAddress}, {@code pblkLength};
 * {@code POWER_RESOURCE}: {@code systemLevel}, {@code resourceOrder}; {@code MUTEX}:
 * {@code syncLevel}; {@code ALIAS}: {@code target}</li>
 * </ul>
 *
 * @param name      the four-character name segment ({@code \} for the root)
 * @param path      the absolute path, segments padded to four characters ({@code \_SB_.PCI0})
 * @param type      the object type
 * @param table     the name of the table that defined it; empty for the predefined objects
 * @param amlOffset the byte offset of its definition in that table; -1 for predefined objects
 * @param value     the constant value of a named data object
 * @param info      type-specific details, see above
 * @param children  the objects in its scope, in creation order
 */
public record AcpiNode(String name, String path, AcpiObjectType type, String table, int amlOffset,
        Optional<AcpiValue> value, Map<String, Object> info, List<AcpiNode> children) {

    /** Checks and copies the components. */
    public AcpiNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(value, "value");
        info = Map.copyOf(info);
        children = List.copyOf(children);
    }

    /**
     * @param segment a four-character name segment
     * @return the child of that name
     */
    public Optional<AcpiNode> child(String segment) {
        for (AcpiNode c : children) {
            if (c.name.equals(segment)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** @return whether the node is one of the objects the interpreter predefines ({@code \_SB_}, {@code \_GPE}, ...) */
    public boolean predefined() {
        return amlOffset < 0;
    }
}
