package aegis.hal.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import aegis.hal.api.registry.DeviceInfo;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The runtime pointed at a recorded machine ({@code hosts/qemu-nvme}: an NVMe controller with two
 * namespaces, a SATA disk, a USB stick): the NVMe driver bundle dropped into deploy/ takes the NVMe
 * namespaces from the generic block driver, and gives them back when it is deleted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NvmeDeployIT extends HalTestSupport {

    static Path fixtureRoot() {
        return Path.of(System.getProperty("aegis.block.fixtures", "../hal.block/src/test/resources/fixtures/hosts"),
                "qemu-nvme").toAbsolutePath().normalize();
    }

    @Configuration
    public Option[] config() {
        return halOptions(frameworkProperty("aegis.hal.root").value(fixtureRoot().toString()));
    }

    private static Path nvmeJar() {
        return Path.of(System.getProperty("aegis.bundles", "target/bundles"), "hal.block.nvme.jar");
    }

    @Test
    public void theRecordedMachineShowsThroughSysfsAndDevfs() throws Exception {
        assertTrue(registry.awaitSettled(WAIT));
        // sizes as lsblk -b reported them on that machine (fixtures/hosts/qemu-nvme/oracle/lsblk-O.json)
        String size = shell("sys:cat /sys/hal/block/nvme0n1/size_bytes");
        assertTrue(size, size.contains("33554432"));
        assertTrue(shell("sys:cat /sys/hal/block/sda/size_bytes").contains("25165824"));
        assertTrue(shell("sys:cat /sys/hal/block/sdb/removable").contains("true"));
        String node = shell("dev:stat /dev/block/nvme0n1");
        assertTrue(node, node.contains("block:nvme0n1") && node.contains("AEGIS-NVME-0001"));
        String state = shell("sys:cat /sys/hal/devices/block:nvme0n1p1/parent");
        assertTrue(state, state.contains("block:nvme0n1"));
    }

    @Test
    public void theNvmeDriverTakesTheNamespacesAndGivesThemBack() throws Exception {
        assertTrue(registry.awaitSettled(WAIT));
        DeviceInfo ns1 = registry.device("block:nvme0n1").orElseThrow(
                () -> new AssertionError("no block:nvme0n1 from " + fixtureRoot() + ": " + registry.devices()));
        assertEquals("block", ns1.driver());
        assertEquals("block", registry.device("block:sda").orElseThrow().driver());

        Path target = deployDir().resolve("hal.block.nvme.jar");
        try (StateWatch w = watch("ACTIVE", 2, "block:nvme0n", "nvme")) {
            Path tmp = Files.createTempFile(deployDir().getParent(), "nvme", ".tmp");
            Files.copy(nvmeJar(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            w.await();
        }
        DeviceInfo bound = registry.device("block:nvme0n1").orElseThrow();
        assertEquals("nvme", bound.driver());
        assertEquals("a SATA disk stays generic", "block", registry.device("block:sda").orElseThrow().driver());
        assertEquals("partitions stay generic", "block", registry.device("block:nvme0n1p1").orElseThrow().driver());
        // the driver's sysfs attributes, as nvme-cli reported them on that machine
        // (fixtures/hosts/qemu-nvme/oracle/nvme-list.json, nvme-id-ctrl.json)
        assertEquals("7.2.22", shell("sys:cat /sys/hal/block/nvme0n1/nvme/firmware_rev").strip());
        assertEquals("AEGIS-NVME-0001", shell("sys:cat /sys/hal/block/nvme0n2/nvme/serial").strip());
        assertEquals("2", shell("sys:cat /sys/hal/block/nvme0n2/nvme/nsid").strip());
        assertTrue(shell("sys:ls /sys/hal/block/nvme0n1").contains("nvme"));

        try (StateWatch w = watch("ACTIVE", 2, "block:nvme0n", "block")) {
            Files.delete(target);
            w.await();
        }
        assertEquals("block", registry.device("block:nvme0n2").orElseThrow().driver());
        // released with the namespaces: the generic driver has no NVMe attributes
        String after = shell("sys:ls /sys/hal/block/nvme0n1");
        assertTrue(after, after.contains("size_bytes") && !after.contains("nvme"));
    }
}
