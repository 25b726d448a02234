package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The learner's tasks run in the agent, so the young generation run.sh sizes for the machine
 * (aio.tutor.agent.heap) goes to the agent's JVM, and nothing else from that property does.
 */
class AgentHeapTest {
    private static List<String> commandWith(String heap) {
        String before = System.getProperty(AgentProcess.HEAP_PROPERTY);
        try {
            if (heap == null) {
                System.clearProperty(AgentProcess.HEAP_PROPERTY);
            } else {
                System.setProperty(AgentProcess.HEAP_PROPERTY, heap);
            }
            return AgentProcess.command(new AgentProcess.Options(false, false, 0), List.of(), 12345);
        } finally {
            if (before == null) {
                System.clearProperty(AgentProcess.HEAP_PROPERTY);
            } else {
                System.setProperty(AgentProcess.HEAP_PROPERTY, before);
            }
        }
    }

    @Test
    void theAgentGetsTheYoungGenerationRunShSized() {
        List<String> command = commandWith("-Xmn1024m");
        assertEquals(1, command.stream().filter(a -> a.startsWith("-Xmn")).count(), command.toString());
        assertTrue(command.indexOf("-Xmn1024m") < command.indexOf("tutor.agent.Agent"), "a JVM option: " + command);
    }

    @Test
    void withoutOneTheAgentHasTheJvmsDefault() {
        assertFalse(commandWith(null).stream().anyMatch(a -> a.startsWith("-Xmn")));
        assertFalse(commandWith("").stream().anyMatch(a -> a.startsWith("-Xmn")), "a small machine: run.sh sets none");
    }

    @Test
    void onlyAYoungGenerationIsTakenFromTheProperty() {
        List<String> command = commandWith("-XX:+AlwaysPreTouch");
        assertFalse(command.contains("-XX:+AlwaysPreTouch"), command.toString());
    }
}
