package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flag handling around a change, with a scripted {@link NativeFiles}. */
class ImmutableGuardTest {
    /** Records calls; answers as configured. */
    static final class Scripted implements NativeFiles {
        final List<String> calls = new ArrayList<>();
        boolean efivarfs;
        boolean flagsSupported = true;
        int flags;

        @Override
        public boolean isEfivarfs(Path file) {
            calls.add("statfs");
            return efivarfs;
        }

        @Override
        public int getFlags(Path file) throws IOException {
            calls.add("get");
            if (!flagsSupported) {
                throw new NotSupportedException("FS_IOC_GETFLAGS " + file + ": not supported (errno 25)");
            }
            return flags;
        }

        @Override
        public void setFlags(Path file, int f) {
            calls.add("set " + Integer.toHexString(f));
            flags = f;
        }

        @Override
        public void writeOnce(Path file, byte[] bytes, boolean create, boolean truncate) throws IOException {
            calls.add("write create=" + create + " truncate=" + truncate);
            Files.write(file, bytes);
        }
    }

    @Test
    void immutableFlagIsClearedForTheChangeAndRestored(@TempDir Path tmp) throws IOException {
        Path f = Files.write(tmp.resolve("v"), new byte[] {1});
        Scripted nf = new Scripted();
        nf.flags = 0x80010;
        ImmutableGuard.mutate(nf, f, () -> nf.calls.add("action"));
        assertEquals(List.of("get", "set 80000", "action", "set 80010"), nf.calls);
    }

    @Test
    void flagIsRestoredEvenWhenTheChangeFails(@TempDir Path tmp) throws IOException {
        Path f = Files.write(tmp.resolve("v"), new byte[] {1});
        Scripted nf = new Scripted();
        nf.flags = 0x10;
        assertThrows(IOException.class, () -> ImmutableGuard.mutate(nf, f, () -> {
            throw new IOException("EINVAL");
        }));
        assertEquals(0x10, nf.flags);
    }

    @Test
    void noFlagSupportOffEfivarfsMeansNoFlagToClear(@TempDir Path tmp) throws IOException {
        Path f = Files.write(tmp.resolve("v"), new byte[] {1});
        Scripted nf = new Scripted();
        nf.flagsSupported = false;
        ImmutableGuard.mutate(nf, f, () -> nf.calls.add("action"));
        assertEquals(List.of("get", "statfs", "action"), nf.calls);
    }

    @Test
    void noFlagSupportOnEfivarfsIsAnErrorAndNothingIsWritten(@TempDir Path tmp) throws IOException {
        Path f = Files.write(tmp.resolve("v"), new byte[] {1});
        Scripted nf = new Scripted();
        nf.flagsSupported = false;
        nf.efivarfs = true;
        IOException e = assertThrows(IOException.class, () -> ImmutableGuard.mutate(nf, f, () -> nf.calls.add("action")));
        assertTrue(e.getMessage().contains("efivarfs"), e.getMessage());
        assertFalse(nf.calls.contains("action"));
    }

    @Test
    void storeWritesAttributesAndDataInOneWriteWithoutTruncatingOnEfivarfs(@TempDir Path tmp) throws Exception {
        Scripted nf = new Scripted();
        nf.efivarfs = true;
        EfiStore store = new EfiStore(tmp, () -> nf);
        store.write("BootNext", aegis.hal.uefi.codec.Guids.GLOBAL, 7, new byte[] {1, 0});
        assertEquals(List.of("statfs", "write create=true truncate=false"), nf.calls);
        assertArrayEquals(new byte[] {7, 0, 0, 0, 1, 0},
                Files.readAllBytes(tmp.resolve("BootNext-8be4df61-93ca-11d2-aa0d-00e098032b8c")));
    }
}
