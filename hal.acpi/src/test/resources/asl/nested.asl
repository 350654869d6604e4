DefinitionBlock ("", "DSDT", 2, "AEGIS ", "NESTED  ", 0x00000007)
{
    External (\_SB.EXT0, DeviceObj)
    External (\EXTM, MethodObj)
    Name (VERS, 0x1234)
    Name (STR0, "hello")
    Name (BUF0, Buffer (0x06) { 0x01, 0x02, 0x03 })
    Name (PKG0, Package (0x03) { One, "two", Package () { 0x03, 0x04 } })
    Name (BIG0, 0x123456789ABCDEF0)
    Mutex (MTX0, 0x03)
    Event (EVT0)
    Scope (\_SB)
    {
        Device (PCI0)
        {
            Name (_HID, EisaId ("PNP0A08"))
            Name (_CID, EisaId ("PNP0A03"))
            Name (_UID, Zero)
            Name (_ADR, 0x00010002)
            Name (_STA, 0x0F)
            OperationRegion (PCST, SystemIO, 0x0CC0, 0x08)
            Field (PCST, DWordAcc, NoLock, WriteAsZeros)
            {
                PCIU,   32,
                PCID,   32
            }
            OperationRegion (IDXR, SystemMemory, 0xFED00000, 0x100)
            Field (IDXR, ByteAcc, NoLock, Preserve)
            {
                IDX0, 8,
                DAT0, 8,
                Offset (0x10),
                BNK0, 8
            }
            IndexField (IDX0, DAT0, ByteAcc, NoLock, Preserve)
            {
                Offset (0x02),
                IF01, 8,
                IF02, 16
            }
            BankField (IDXR, BNK0, 0x01, WordAcc, NoLock, Preserve)
            {
                Offset (0x20),
                BF01, 16
            }
            Method (_OSC, 4, Serialized)
            {
                CreateDWordField (Arg3, Zero, CDW1)
                Local0 = Zero
                While ((Local0 < 0x10))
                {
                    If ((Local0 == 0x05))
                    {
                        Break
                    }
                    ElseIf ((Local0 == 0x07))
                    {
                        Local1 = Package () { 1, 2, "x" }
                    }
                    Else
                    {
                        Local0++
                    }
                    Local0 += 0x02
                }
                Switch (ToInteger (Arg0))
                {
                    Case (0x01) { Return (Arg3) }
                    Default { Return (Buffer () { 0x00 }) }
                }
                Return (Arg3)
            }
            Device (ISA_)
            {
                Name (_ADR, 0x001F0000)
                Device (KBD_)
                {
                    Name (_HID, EisaId ("PNP0303"))
                    Name (_CID, Package () { EisaId ("PNP030B"), "QEMU0001" })
                    Method (_STA, 0, NotSerialized) { Return (0x0F) }
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0060, 0x0060, 0x01, 0x01, )
                        IRQNoFlags () {1}
                    })
                }
            }
            Alias (PCIU, PCIA)
        }
        Device (DEV1)
        {
            Name (_HID, "ACPI0013")
            Name (_UID, "unit-one")
            Method (MTH1, 2, NotSerialized)
            {
                If (Arg0) { Return (Arg1) } Else { Return (Zero) }
            }
            Method (MTH2, 7, Serialized, 15) { Return (MTH1 (Arg0, Arg1)) }
        }
        PowerResource (PWR0, 0x00, 0x0000)
        {
            Method (_STA, 0, NotSerialized) { Return (One) }
            Method (_ON, 0, NotSerialized) { }
            Method (_OFF, 0, NotSerialized) { }
        }
        Processor (CPU0, 0x01, 0x00000810, 0x06)
        {
            Name (_HID, "ACPI0007")
        }
        ThermalZone (TZ00)
        {
            Method (_TMP, 0, Serialized) { Return (0x0BB8) }
        }
    }
    Scope (_SB.PCI0)
    {
        Name (NEST, Package (0x02) { Package (0x01) { Package (0x01) { "deep" } }, BUF0 })
        Name (VPKG, Package (VERS) { 0x01 })
    }
    Name (BFLD, Buffer (0x10) {})
    CreateDWordField (BFLD, 0x04, BDW1)
    CreateField (BFLD, 0x40, 0x08, BFL2)
    DataTableRegion (DTR0, "DSDT", "", "")
}
