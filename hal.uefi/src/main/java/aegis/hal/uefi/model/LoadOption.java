package aegis.hal.uefi.model;

import java.util.List;

/**
 * A decoded {@code EFI_LOAD_OPTION} (the data of a Boot#### variable).
 *
 * @param attributes       the raw {@code LOAD_OPTION_*} bits
 * @param active           {@code LOAD_OPTION_ACTIVE}
 * @param forceReconnect   {@code LOAD_OPTION_FORCE_RECONNECT}
 * @param hidden           {@code LOAD_OPTION_HIDDEN}
 * @param category         the {@code LOAD_OPTION_CATEGORY} field (0 boot, 1 application)
 * @param description      the description, decoded from UCS-2
 * @param devicePath       the nodes of the file path list, end nodes included
 * @param devicePathText   the path as {@code efibootmgr -v} prints it
 * @param optionalData     the optional data in lower-case hex (empty when there is none)
 * @param optionalDataText the optional data as {@code efibootmgr -v} prints it (printable ASCII
 *                         bytes as they are, other bytes as {@code .})
 */
public record LoadOption(long attributes, boolean active, boolean forceReconnect, boolean hidden,
        int category, String description, List<DevicePathNode> devicePath, String devicePathText,
        String optionalData, String optionalDataText) {
    /** Copies the list. */
    public LoadOption {
        devicePath = List.copyOf(devicePath);
    }

    /** @return the category by name: {@code boot}, {@code app} or the number */
    public String categoryName() {
        return switch (category) {
            case 0 -> "boot";
            case 1 -> "app";
            default -> Integer.toString(category);
        };
    }
}
