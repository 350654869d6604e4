package aegis.hal.uefi.internal;

import aegis.hal.api.error.ErrorCode;
import aegis.hal.api.error.HalException;
import aegis.hal.api.host.HostRoot;
import aegis.hal.uefi.codec.EfiFormatException;
import aegis.hal.uefi.codec.EfiVariables;
import aegis.hal.uefi.codec.EfiVariables.Content;
import aegis.hal.uefi.codec.EfiVariables.Name;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An efivarfs directory: reads through the {@link HostRoot}, writes (at the path the host root
 * maps to) as the kernel requires (immutable flag
 * cleared and restored around the change, attributes and data in one write). Thread-safe; writes
 * are serialised by the caller.
 */
final class EfiStore {
    /** The largest variable read (efivarfs variables are small; dbx is the largest, ~ 30 KiB). */
    static final int MAX_SIZE = 1 << 20;

    private final HostRoot host;
    private final String hostDir;
    private final Path dir;
    private final Supplier<NativeFiles> natives;

    /**
     * @param host    the host root
     * @param hostDir the efivarfs directory as a host path ({@code /sys/firmware/efi/efivars})
     * @param natives the native operations, asked for only when writing
     */
    EfiStore(HostRoot host, String hostDir, Supplier<NativeFiles> natives) {
        this.host = host;
        this.hostDir = hostDir;
        this.dir = host.resolve(hostDir);
        this.natives = natives;
    }

    /**
     * A store on a plain directory (tests, benchmarks): the directory stands for
     * {@code /efivars} of a host root at its parent.
     */
    EfiStore(Path dir, Supplier<NativeFiles> natives) {
        this(HostRoot.of(dir.toAbsolutePath().getParent()), "/" + dir.getFileName(), natives);
    }

    Path dir() {
        return dir;
    }

    /** @return the variable names, sorted by name then GUID; files of other forms are skipped */
    List<Name> names() throws HalException {
        List<Name> names = new ArrayList<>();
        try {
            for (String f : host.list(hostDir)) {
                EfiVariables.parseName(f).ifPresent(names::add);
            }
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot list " + dir + ": " + e, e);
        }
        names.sort(Comparator.comparing(Name::name).thenComparing(n -> n.vendor().toString()));
        return names;
    }

    /**
     * @return the variable, or empty if it does not exist
     * @throws HalException BAD_FORMAT if shorter than the attribute header, IO if unreadable
     */
    Optional<Content> read(String name, UUID vendor) throws HalException {
        String p = hostDir + "/" + new Name(name, vendor).fileName();
        byte[] b;
        try {
            b = host.readBytes(p, MAX_SIZE);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot read " + p + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(EfiVariables.split(b));
        } catch (EfiFormatException e) {
            throw new EfiFormatException("variable " + name, e.offset(), "file has " + b.length
                    + " bytes, fewer than the 4-byte attribute header");
        }
    }

    /** Writes (creates or replaces) a variable. */
    void write(String name, UUID vendor, long attributes, byte[] data) throws HalException {
        Path p = dir.resolve(new Name(name, vendor).fileName());
        byte[] bytes = EfiVariables.join(attributes, data);
        NativeFiles nf = natives();
        try {
            boolean efivarfs = nf.isEfivarfs(dir);
            if (Files.exists(p)) {
                // efivarfs replaces the variable on write; a plain file must be truncated
                ImmutableGuard.mutate(nf, p, () -> nf.writeOnce(p, bytes, false, !efivarfs));
            } else {
                nf.writeOnce(p, bytes, true, !efivarfs);
            }
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a variable; absent is NOT_FOUND. */
    void delete(String name, UUID vendor) throws HalException {
        Path p = dir.resolve(new Name(name, vendor).fileName());
        if (!Files.exists(p)) {
            throw new HalException(ErrorCode.NOT_FOUND, "no variable " + name + "-" + vendor);
        }
        NativeFiles nf = natives();
        try {
            ImmutableGuard.mutate(nf, p, () -> Files.delete(p));
        } catch (IOException e) {
            throw new HalException(ErrorCode.IO, "cannot delete " + name + ": " + e.getMessage(), e);
        }
    }

    private NativeFiles natives() throws HalException {
        try {
            return natives.get();
        } catch (UnsupportedOperationException e) {
            throw new HalException(ErrorCode.UNSUPPORTED, "cannot write EFI variables: " + e.getMessage(), e);
        }
    }
}
