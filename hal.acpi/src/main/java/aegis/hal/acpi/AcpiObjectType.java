package aegis.hal.acpi;

/** The type of an object in the ACPI namespace, with the name {@code acpiexec} prints for it. */
public enum AcpiObjectType {
    /** A scope ({@code Scope}, and the predefined {@code \_GPE}, {@code \_PR_}, {@code \_SI_}). */
    SCOPE("Scope"),
    /** A device. */
    DEVICE("Device"),
    /** A processor (the deprecated {@code Processor} term). */
    PROCESSOR("Processor"),
    /** A power resource. */
    POWER_RESOURCE("Power"),
    /** A thermal zone. */
    THERMAL_ZONE("Thermal"),
    /** A control method. */
    METHOD("Method"),
    /** A named integer. */
    INTEGER("Integer"),
    /** A named string. */
    STRING("String"),
    /** A named buffer. */
    BUFFER("Buffer"),
    /** A named package. */
    PACKAGE("Package"),
    /** An operation region (also a data table region). */
    REGION("Region"),
    /** A field unit of a {@code Field}. */
    REGION_FIELD("RegionField"),
    /** A field unit of an {@code IndexField}. */
    INDEX_FIELD("IndexField"),
    /** A field unit of a {@code BankField}. */
    BANK_FIELD("BankField"),
    /** A field of a buffer ({@code CreateDWordField} and the like). */
    BUFFER_FIELD("BufferField"),
    /** A mutex. */
    MUTEX("Mutex"),
    /** An event. */
    EVENT("Event"),
    /** An alias of another object. */
    ALIAS("Alias"),
    /** A name whose value is not a constant the parser can know (a reference, an expression). */
    UNTYPED("Untyped");

    private final String acpicaName;

    AcpiObjectType(String acpicaName) {
        this.acpicaName = acpicaName;
    }

    /** @return the type name as {@code acpiexec}'s namespace dump prints it */
    public String acpicaName() {
        return acpicaName;
    }

    /** @return whether objects of this type are devices in the device tree (device, processor, thermal zone) */
    public boolean isDeviceLike() {
        return this == DEVICE || this == PROCESSOR || this == THERMAL_ZONE;
    }
}
