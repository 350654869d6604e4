package aegis.hal.uefi.model;

import java.util.List;
import java.util.Optional;

/**
 * A summary of one Secure Boot key database variable (PK, KEK, db or dbx).
 *
 * @param name    the variable name
 * @param present whether the variable exists
 * @param size    its data size in bytes (0 when absent)
 * @param lists   its signature lists
 * @param error   why its contents could not be decoded, if they could not
 */
public record SignatureDatabase(String name, boolean present, int size, List<SignatureList> lists,
        Optional<String> error) {
    /** Copies the list. */
    public SignatureDatabase {
        lists = List.copyOf(lists);
    }

    /** @return the number of signatures in all lists */
    public int count() {
        return lists.stream().mapToInt(l -> l.entries().size()).sum();
    }
}
