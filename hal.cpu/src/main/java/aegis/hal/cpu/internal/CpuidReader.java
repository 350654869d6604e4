package aegis.hal.cpu.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuidInfo;
import aegis.hal.cpu.CpuidLeaf;
import aegis.hal.cpu.internal.parse.CpuidDecoder;

/**
 * Reads CPUID leaves from Linux's cpuid driver: {@code /dev/cpu/N/cpuid}, where a read of 16 bytes
 * at file position {@code leaf | subleaf << 32} runs CPUID on CPU N (see cpuid(4)). No native code:
 * a positional FileChannel read is a pread. Thread-safe.
 */
public final class CpuidReader {
    private final HostRoot host;

    /** @param host the host root */
    public CpuidReader(HostRoot host) {
        this.host = host;
    }

    /**
     * @param cpu a CPU number
     * @return the device path for that CPU
     */
    public static String devicePath(int cpu) {
        return "/dev/cpu/" + cpu + "/cpuid";
    }

    /**
     * Reads leaves 0, 1, 7 (subleaves 0 and 1), 0x80000000, 0x80000001 to 0x80000004 and 0x80000008
     * (as far as the CPU has them) and decodes them.
     *
     * @param cpu a CPU number
     * @return the decoded CPUID, or empty if the device is absent or cannot be opened
     * @throws HalException BAD_FORMAT if the device gives short reads
     */
    public Optional<CpuidInfo> read(int cpu) throws HalException {
        Path p = host.resolve(devicePath(cpu));
        if (!Files.isReadable(p)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            List<CpuidLeaf> leaves = new ArrayList<>();
            CpuidLeaf l0 = leaf(ch, cpu, 0, 0);
            leaves.add(l0);
            long max = l0.eax() & 0xffffffffL;
            if (max >= 1) {
                leaves.add(leaf(ch, cpu, 1, 0));
            }
            if (max >= 7) {
                CpuidLeaf l7 = leaf(ch, cpu, 7, 0);
                leaves.add(l7);
                if (l7.eax() >= 1) {
                    leaves.add(leaf(ch, cpu, 7, 1));
                }
            }
            CpuidLeaf x0 = leaf(ch, cpu, 0x80000000L, 0);
            leaves.add(x0);
            long maxExt = x0.eax() & 0xffffffffL;
            if ((maxExt & 0x80000000L) != 0) {
                for (long l = 0x80000001L; l <= Math.min(maxExt, 0x80000004L); l++) {
                    leaves.add(leaf(ch, cpu, l, 0));
                }
                if (maxExt >= 0x80000008L) {
                    leaves.add(leaf(ch, cpu, 0x80000008L, 0));
                }
            }
            return Optional.of(CpuidDecoder.decode(cpu, leaves, devicePath(cpu)));
        } catch (IOException e) {
            // EIO from the driver (CPU offline), EPERM/EACCES (not root), ENXIO (no such CPU)
            return Optional.empty();
        }
    }

    private static CpuidLeaf leaf(FileChannel ch, int cpu, long leaf, int subleaf) throws IOException, HalException {
        ByteBuffer buf = ByteBuffer.allocate(CpuidDecoder.LEAF_BYTES);
        // one read: the driver runs CPUID for the leaf at the file position and returns all 16 bytes
        int n = Math.max(0, ch.read(buf, leaf | ((long) subleaf << 32)));
        return CpuidDecoder.registers(leaf, subleaf, java.util.Arrays.copyOf(buf.array(), n), 0, devicePath(cpu));
    }
}
