DefinitionBlock ("", "DSDT", 2, "AEGIS ", "COND    ", 1)
{
    Name (FLAG, One)
    Scope (\_SB) { Device (PCI0) { Name (_HID, EisaId ("PNP0A08")) } }
    If (CondRefOf (\_SB.PCI0))
    {
        Scope (\_SB.PCI0) { Name (CREF, 0x01) Device (DEVA) { Name (_HID, "AEGS000A") } }
    }
    Else
    {
        Name (NOPE, 0x01)
    }
    If (CondRefOf (\_SB.NONE)) { Name (NOP2, 0x02) } Else { Name (ELS2, 0x02) }
    If (Zero) { Name (NOP3, 0x03) } Else { Name (ELS3, 0x03) }
    If (LAnd (One, LEqual (0x05, 0x05))) { Name (AND4, 0x04) }
    If (LNot (CondRefOf (\_SB.PCI0.LATE))) { Name (NOTL, 0x05) }
    If (FLAG) { Name (FLG6, 0x06) }
    Name (LATE, 0x07)
}
