package aegis.hal.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Every hal: command runs through Gogo's command processor and prints what it should. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends HalTestSupport {

    @Configuration
    public Option[] config() {
        return halOptions();
    }

    private String run(String line) throws Exception {
        return shell(line);
    }

    private void devices() throws Exception {
        if (registry.device("sim:sh0").isEmpty()) {
            try (StateWatch w = watch("ACTIVE", 3, "sim:", null)) {
                simGroup("sh", "sh", 1);
                simGroupWithParent("shc", "shc", 2, "sim:sh0");
                w.await();
            }
        }
    }

    @Test
    public void listingsAsTablesAndJson() throws Exception {
        devices();
        String drivers = run("hal:drivers");
        assertTrue(drivers, drivers.startsWith("NAME") && drivers.contains("sim-generic"));
        String json = run("hal:drivers --json");
        assertTrue(json, json.startsWith("[{\"serviceId\":") && json.contains("\"name\":\"sim-generic\""));
        String devs = run("hal:devices");
        assertTrue(devs, devs.contains("sim:shc1") && devs.contains("ACTIVE"));
        String devJson = run("hal:devices --json --class SIM");
        assertTrue(devJson, devJson.startsWith("[") && devJson.contains("\"id\":\"sim:sh0\""));
        String tree = run("hal:tree");
        assertTrue(tree, tree.contains("sim:sh0  [ACTIVE sim-generic]") && tree.contains("`-- sim:shc1"));
        String treeJson = run("hal:tree --json");
        assertTrue(treeJson, treeJson.contains("\"children\":[{\"id\":\"sim:shc0\""));
        String events = run("hal:events -n 5");
        assertTrue(events, events.startsWith("TIME") && events.split("\n").length == 6);
        String config = run("hal:config --json");
        assertTrue(config, config.contains("\"takeover.policy\":\"idle\""));
    }

    @Test
    public void whyBindUnbindRebindAndErrors() throws Exception {
        devices();
        String why = run("hal:why sim:sh0");
        assertTrue(why, why.contains("sim-generic") && (why.contains("chosen") || why.contains("bound")));
        assertTrue(run("hal:why --json sim:sh0").contains("\"deviceId\":\"sim:sh0\""));
        assertEquals("error: NOT_FOUND: no device 'sim:nope'\n", run("hal:why sim:nope"));
        assertTrue(run("hal:unbind sim:shc0").contains("DISCOVERED"));
        assertTrue(run("hal:bind sim:shc0 sim-generic").contains("ACTIVE sim-generic"));
        assertTrue(run("hal:rebind sim:shc0").contains("ACTIVE sim-generic"));
        assertTrue(run("hal:bind sim:shc0 nobody").startsWith("error: NOT_FOUND: no driver 'nobody'"));
        assertTrue(run("hal:quarantine clear nobody").startsWith("error: NOT_FOUND"));
        assertTrue(run("hal:quarantine").startsWith("NAME"));
        assertTrue(run("hal:quarantine --json").equals("[]"));
    }

    @Test
    public void suspendAndResumeFromTheShell() throws Exception {
        devices();
        String s = run("hal:suspend sim:sh0");
        assertTrue(s, s.startsWith("suspend ok, 3 step(s)"));
        assertTrue(s, s.indexOf("sim:shc0") < s.lastIndexOf("sim:sh0 "));
        String r = run("hal:resume --json sim:sh0");
        assertTrue(r, r.startsWith("{\"operation\":\"resume\",\"ok\":true"));
        assertTrue(run("hal:suspend --json").contains("\"operation\":\"suspend\""));
        assertTrue(run("hal:resume").startsWith("resume ok"));
    }
}
