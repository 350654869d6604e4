package aegis.hal.uefi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.uefi.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The live host, read only: on a non-EFI machine (the CI machine) both this code and the real
 * efibootmgr/mokutil say so; on an EFI machine efibootmgr -v and mokutil --sb-state agree with
 * this code. Never writes.
 */
class LiveHostTest {
    private static Optional<Fixtures.ToolResult> live(String... cmd) throws Exception {
        Optional<Path> exe = Fixtures.which(cmd[0]);
        if (exe.isEmpty()) {
            return Optional.empty();
        }
        cmd[0] = exe.get().toString();
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("EFIVARFS_PATH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        return Optional.of(new Fixtures.ToolResult(p.waitFor(), out, err));
    }

    @Test
    void liveHostAgreesWithEfibootmgrAndMokutil() throws Exception {
        UefiServiceImpl s = new UefiServiceImpl(HostRoot.of(Path.of("/")), UefiServiceImplTest.config(false),
                new DeviceSync(new UefiServiceImplTest.Registry()), UefiServiceImplTest.noAttributes(), () -> {
                    throw new UnsupportedOperationException("read only");
                });
        try {
            Optional<Fixtures.ToolResult> efibootmgr = live("efibootmgr", "-v");
            Optional<Fixtures.ToolResult> mokutil = live("mokutil", "--sb-state");
            assumeTrue(efibootmgr.isPresent() && mokutil.isPresent(), "efibootmgr or mokutil is not installed");
            if (!Files.isDirectory(Path.of("/sys/firmware/efi"))) {
                assertEquals(false, s.isEfiSystem());
                HalException e = assertThrows(HalException.class, s::variables);
                assertEquals(ErrorCode.UNSUPPORTED, e.code());
                assertNotEquals(0, efibootmgr.get().rc());
                assertTrue(efibootmgr.get().err().contains("EFI variables are not supported on this system"),
                        efibootmgr.get().err());
                assertTrue(mokutil.get().err().contains("EFI variables are not supported on this system"),
                        mokutil.get().err());
            } else {
                assertTrue(s.isEfiSystem());
                assumeTrue(efibootmgr.get().rc() == 0, "efibootmgr cannot read this host: " + efibootmgr.get().err());
                assertEquals(efibootmgr.get().out(), Texts.efibootmgr(s.bootManager()));
                List<String> theirs = mokutil.get().lines();
                assertEquals(theirs, s.secureBoot().summary().subList(0, theirs.size()));
            }
        } finally {
            s.deactivate();
        }
    }
}
