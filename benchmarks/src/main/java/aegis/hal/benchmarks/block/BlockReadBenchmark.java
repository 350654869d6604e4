package aegis.hal.benchmarks.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.block.BlockHandle;
import aegis.hal.block.OpenMode;
import aegis.hal.block.internal.BlockOpener;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading 1 MiB of sectors (2048 × 512) through a hal.block handle against a direct positional
 * {@link FileChannel} read of the same bytes, same run, same direct buffer. The target is a 64 MiB
 * image file made in setup (page-cached: this measures the handle's overhead, not the disk), or the
 * device node / file given with {@code -p target=/dev/loop0}.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar 'block.BlockRead' -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockReadBenchmark {
    private static final int MIB = 1 << 20;

    /** A device node or image file to read; empty = a temporary 64 MiB image. */
    @Param({""})
    public String target;

    private Path temp;
    private BlockHandle handle;
    private FileChannel channel;
    private ByteBuffer buffer;
    private long lba;

    /**
     * Makes the image and opens both readers.
     *
     * @throws Exception if the target cannot be made or opened
     */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        String t = target;
        if (t.isEmpty()) {
            temp = Files.createTempFile("hal-block-bench", ".img");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer chunk = ByteBuffer.allocate(MIB);
                for (int i = 0; i < 64; i++) {
                    chunk.clear();
                    for (int j = 0; j < MIB; j += 4096) {
                        chunk.put(j, (byte) (i + j));
                    }
                    ch.write(chunk, (long) i * MIB);
                }
            }
            t = temp.toString();
        }
        handle = new BlockOpener(HostRoot.of(Path.of("/"))).open(t, OpenMode.READ, 0);
        channel = FileChannel.open(Path.of(t), StandardOpenOption.READ);
        buffer = ByteBuffer.allocateDirect(MIB);
        lba = 8L * MIB / handle.sectorSize();
        // warm the page cache for both
        handle.read(lba, buffer);
        buffer.clear();
    }

    /** @throws IOException if the temporary image cannot be deleted */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        handle.close();
        channel.close();
        if (temp != null) {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * hal.block: one bounds-checked read of 1 MiB of sectors.
     *
     * @return the buffer, so the read is not eliminated
     * @throws HalException if the read fails
     */
    @Benchmark
    public ByteBuffer handle() throws HalException {
        buffer.clear();
        handle.read(lba, buffer);
        return buffer;
    }

    /**
     * The baseline: a positional FileChannel read of the same 1 MiB.
     *
     * @return the buffer
     * @throws IOException if the read fails
     */
    @Benchmark
    public ByteBuffer fileChannel() throws IOException {
        buffer.clear();
        long pos = lba * handle.sectorSize();
        while (buffer.hasRemaining()) {
            channel.read(buffer, pos + buffer.position());
        }
        return buffer;
    }
}
