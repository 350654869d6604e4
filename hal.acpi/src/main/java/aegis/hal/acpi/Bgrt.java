package aegis.hal.acpi;

/**
 * The Boot Graphics Resource Table (signature {@code BGRT}). Immutable and thread-safe.
 *
 * @param version      the table version
 * @param status       status bits (bit 0 displayed, bits 1-2 orientation offset)
 * @param imageType    0 = bitmap
 * @param imageAddress physical address of the image
 * @param offsetX      the image's X offset on screen
 * @param offsetY      the image's Y offset on screen
 */
public record Bgrt(int version, int status, int imageType, long imageAddress, long offsetX, long offsetY)
        implements TableBody {
}
