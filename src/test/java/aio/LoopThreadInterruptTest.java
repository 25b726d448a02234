package aio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An interrupt left on the loop's thread must not make an idle loop spin. */
class LoopThreadInterruptTest {

    @Test
    void aStrayInterruptOfTheLoopsThreadDoesNotMakeItSpin() {
        try (EventLoop loop = new EventLoop(Options.defaults())) {
            long[] waits = new long[2];
            loop.runUntilComplete(() -> {
                Thread.currentThread().interrupt(); // as a snippet typed at the console might
                Aio.sleep(0); // the loop's own turn: the flag is still set when it waits next
                waits[0] = loop.iterations();
                Aio.sleep(0.3);
                waits[1] = loop.iterations();
                return null;
            });
            // Waiting out a 0.3 s sleep takes a wait or two; a spinning loop makes tens of thousands.
            assertTrue(waits[1] - waits[0] < 50, "the loop waited " + (waits[1] - waits[0]) + " times in 0.3 s");
            assertTrue(!Thread.currentThread().isInterrupted() || Thread.interrupted());
        }
    }
}
