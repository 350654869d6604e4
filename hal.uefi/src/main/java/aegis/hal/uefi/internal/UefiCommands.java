package aegis.hal.uefi.internal;

import aegis.hal.api.error.HalException;
import aegis.hal.api.json.Json;
import aegis.hal.uefi.UefiService;
import aegis.hal.uefi.codec.DevicePathText;
import aegis.hal.uefi.codec.LoadOptions;
import aegis.hal.uefi.model.BootEntry;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code uefi:} shell commands. Thin: each delegates to {@link UefiService} and returns text
 * (or JSON) for Gogo to print; errors come back as one line naming what was wrong.
 */
@Component(service = Object.class, property = {"osgi.command.scope=uefi",
    "osgi.command.function=vars", "osgi.command.function=boot", "osgi.command.function=secureboot",
    "osgi.command.function=bootorder", "osgi.command.function=bootnext", "osgi.command.function=create",
    "osgi.command.function=delete"})
public final class UefiCommands {
    private final UefiService uefi;

    /** @param uefi the UEFI service */
    @Activate
    public UefiCommands(@Reference UefiService uefi) {
        this.uefi = uefi;
    }

    /**
     * @param json JSON output
     * @return the variables
     */
    @Descriptor("list the EFI variables: name, vendor GUID, attributes, size")
    public String vars(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
            boolean json) {
        try {
            return json ? Json.pretty(uefi.variables()) : Texts.variables(uefi.variables());
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param json JSON output
     * @return the boot manager, like {@code efibootmgr -v}
     */
    @Descriptor("show the boot manager like efibootmgr -v")
    public String boot(@Descriptor("JSON output") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
            boolean json) {
        try {
            return json ? Json.pretty(uefi.bootManager()) : Texts.efibootmgr(uefi.bootManager());
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param json JSON output
     * @return the Secure Boot state, like {@code mokutil --sb-state}, and the key databases
     */
    @Descriptor("show the Secure Boot state like mokutil --sb-state, then PK, KEK, db, dbx")
    public String secureboot(@Descriptor("JSON output")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        try {
            return json ? Json.pretty(uefi.secureBoot()) : Texts.secureBoot(uefi.secureBoot());
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param order comma-separated hex numbers
     * @return the new boot order or an error
     */
    @Descriptor("set BootOrder (needs writes.enabled)")
    public String bootorder(@Descriptor("hex option numbers separated by commas, e.g. 0001,0000") String order) {
        try {
            List<Integer> list = new ArrayList<>();
            for (String s : order.split(",", -1)) {
                list.add(hex(s));
            }
            uefi.setBootOrder(list);
            StringBuilder sb = new StringBuilder("BootOrder set to ");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i > 0 ? "," : "").append(String.format("%04X", list.get(i)));
            }
            return sb.toString();
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param number hex option number
     * @return a confirmation or an error
     */
    @Descriptor("set BootNext (needs writes.enabled)")
    public String bootnext(@Descriptor("hex option number, e.g. 0001") String number) {
        try {
            int n = hex(number);
            uefi.setBootNext(n);
            return String.format("BootNext set to %04X", n);
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param inactive    create it inactive
     * @param description the description
     * @param path        the device path text
     * @return the new entry as efibootmgr -v shows it, or an error
     */
    @Descriptor("create a Boot#### entry first in BootOrder (needs writes.enabled)")
    public String create(
            @Descriptor("create the entry inactive") @Parameter(names = "--inactive", presentValue = "true",
                    absentValue = "false") boolean inactive,
            @Descriptor("description, e.g. \"Linux Boot Manager\"") String description,
            @Descriptor("device path: PciRoot, Pci, HD(n,GPT|MBR,sig,start,size), File(\\path), FvVol, FvFile joined"
                    + " by /") String path) {
        try {
            int n = uefi.createBootEntry(description, DevicePathText.parse(path), new byte[0], !inactive);
            for (BootEntry e : uefi.bootManager().entries()) {
                if (e.number() == n && e.option().isPresent()) {
                    return "created " + LoadOptions.efibootmgrLine(e.name(), e.option().get());
                }
            }
            return String.format("created Boot%04X", n);
        } catch (HalException e) {
            return error(e);
        }
    }

    /**
     * @param number hex option number
     * @return a confirmation or an error
     */
    @Descriptor("delete a Boot#### entry and remove it from BootOrder (needs writes.enabled)")
    public String delete(@Descriptor("hex option number, e.g. 0001") String number) {
        try {
            int n = hex(number);
            uefi.deleteBootEntry(n);
            return String.format("deleted Boot%04X", n);
        } catch (HalException e) {
            return error(e);
        }
    }

    private static int hex(String s) throws HalException {
        String t = s.trim();
        if (!t.matches("[0-9A-Fa-f]{1,4}")) {
            throw new HalException(aegis.hal.api.error.ErrorCode.INVALID_ARGUMENT,
                    "'" + s + "' is not a boot option number (1 to 4 hex digits)");
        }
        return Integer.parseInt(t, 16);
    }

    private static String error(HalException e) {
        return "error: " + e.code() + ": " + e.getMessage();
    }
}
