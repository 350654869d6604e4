package aegis.hal.acpi;

import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A constant data object from AML: the value of a {@code Name} or an element of a package.
 * Immutable and thread-safe.
 */
@ProviderType
public sealed interface AcpiValue {

    /** @return the value as text: decimal integers, quoted strings, hex buffers, bracketed packages */
    String text();

    /**
     * An integer.
     *
     * @param value the value (AML integers are unsigned 64-bit; read with {@link Long#toUnsignedString})
     */
    record IntegerValue(long value) implements AcpiValue {
        @Override
        public String text() {
            return "0x" + Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A string.
     *
     * @param value the characters (ASCII)
     */
    record StringValue(String value) implements AcpiValue {
        /** Checks the value. */
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String text() {
            return '"' + value + '"';
        }
    }

    /**
     * A buffer. The declared length can exceed the initializer; the rest is zero.
     *
     * @param length the declared length in bytes
     * @param hex    the initializer bytes as upper-case hex pairs separated by blanks (at most
     *               {@link #MAX_HEX_BYTES} bytes kept)
     */
    record BufferValue(long length, String hex) implements AcpiValue {
        /** The most initializer bytes kept in {@link #hex()}. */
        public static final int MAX_HEX_BYTES = 4096;

        /** Checks the value. */
        public BufferValue {
            Objects.requireNonNull(hex, "hex");
        }

        @Override
        public String text() {
            return "Buffer(" + length + ") {" + hex + "}";
        }
    }

    /**
     * A package.
     *
     * @param count    the declared element count
     * @param elements the elements given in the AML (at most {@code count}; the rest are uninitialized)
     */
    record PackageValue(long count, List<AcpiValue> elements) implements AcpiValue {
        /** Copies the list. */
        public PackageValue {
            elements = List.copyOf(elements);
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder("Package(" + count + ") {");
            for (int i = 0; i < elements.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(elements.get(i).text());
            }
            return sb.append('}').toString();
        }
    }

    /**
     * A reference to another named object, or an expression the parser does not evaluate.
     *
     * @param name the name string as written in the AML, or a description of the expression
     */
    record Reference(String name) implements AcpiValue {
        /** Checks the value. */
        public Reference {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String text() {
            return name;
        }
    }
}
