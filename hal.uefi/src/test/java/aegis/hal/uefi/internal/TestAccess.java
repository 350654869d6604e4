package aegis.hal.uefi.internal;

import aegis.hal.api.error.HalException;
import aegis.hal.uefi.codec.Guids;
import java.nio.file.Path;

/** Lets tests in other packages write through {@link EfiStore}. */
public final class TestAccess {
    private TestAccess() {
    }

    /** Writes a global variable with NV+BS+RT through an {@link EfiStore}. */
    public static void write(Path dir, NativeFiles nf, String name, byte[] data) throws HalException {
        new EfiStore(dir, () -> nf).write(name, Guids.GLOBAL, 7, data);
    }
}
