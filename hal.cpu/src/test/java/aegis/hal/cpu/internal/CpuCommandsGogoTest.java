package aegis.hal.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import aegis.hal.api.host.HostRoot;
import aegis.hal.cpu.CpuFreqPolicy;
import aegis.hal.cpu.internal.CpuServiceImpl.WritePolicy;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as Gogo resolves them: overloads, flags and arguments typed on a command line. */
class CpuCommandsGogoTest {
    private ThreadIOImpl tio;
    private CommandProcessorImpl processor;
    private CommandSession session;
    private CpuCommands commands;

    @BeforeEach
    void start(@TempDir Path tmp) {
        tio = new ThreadIOImpl();
        tio.start();
        processor = new CommandProcessorImpl(tio);
        commands = new CpuCommands(new CpuServiceImpl(HostRoot.of(Fixtures.withSyntheticCpufreq("qemu-nvme", tmp)),
                false, WritePolicy.OPEN));
        processor.addCommand("hal", commands, "cpu");
        processor.addCommand("hal", commands, "cpufreq");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void stop() {
        session.close();
        tio.stop();
    }

    private String run(String line) throws Exception {
        return String.valueOf(session.execute(line));
    }

    @Test
    void eachCommandLineReachesTheRightOverload() throws Exception {
        assertEquals(commands.cpu(false, false, false, ""), run("hal:cpu"));
        assertEquals(commands.cpu(false, true, false, ""), run("hal:cpu -e"));
        assertEquals(commands.cpu(true, true, false, ""), run("hal:cpu --json -e"));
        assertEquals(commands.cpu(false, false, true, ""), run("hal:cpu -C"));
        assertTrue(run("hal:cpu --cpu cpu:3").startsWith("cpu3"), run("hal:cpu --cpu cpu:3"));
        assertTrue(run("hal:cpu --json -c 3").contains("\"cpu\": 3"));
        assertTrue(run("hal:cpu --cpu cpu:7").contains("no CPU 7"));
        assertTrue(run("hal:cpufreq 0").contains("policy0"));
        assertEquals("cpu1: governor set to powersave", run("hal:cpufreq 1 governor powersave"));
        assertEquals("cpu1: limits set to 800000 .. 1600000 kHz", run("hal:cpufreq 1 limits 800000 1600000"));
        assertEquals("cpu2: " + CpuFreqPolicy.NO_DRIVER, run("hal:cpufreq 2"));
    }
}
