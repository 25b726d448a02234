package tutor;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The one-line answers to Python typed at the prompt, async with in particular. */
class PythonHabitsTest {
    private static String hint(String line) {
        return PythonHabits.hint(line, name -> false);
    }

    @Test
    void pythonQuotedInAJavaCommentIsNoHabit() {
        assertNull(PythonHabits.hint("var r = Aio.wait(jobs);   // done, pending = await asyncio.wait(tasks)", n -> false));
        assertNull(PythonHabits.hint("/* asyncio.create_task(f()) */ createTask(() -> f())", n -> false));
        assertNotNull(PythonHabits.hint("asyncio.create_task(f())", n -> false), "outside a comment it still is");
    }

    @Test
    void asyncWithATaskGroupPointsToTheLambdaForm() {
        String expected = "that is Python: Java has no async with: a task group is a lambda, "
                + "taskGroup(tg -> { tg.createTask(() -> work()); })";
        assertEquals(expected, hint("async with asyncio.TaskGroup() as tg:"));
        assertEquals(expected, hint("async with TaskGroup() as tg:"));
    }

    @Test
    void asyncWithATimeoutKeepsTheLearnersSeconds() {
        assertEquals("that is Python: Java has no async with: a timeout is a lambda, timeout(2.5, () -> { ... })",
                hint("async with asyncio.timeout(2.5):"));
        assertEquals("that is Python: Java has no async with: a timeout is a lambda, timeout((Double) null, () -> { ... })",
                hint("async with asyncio.timeout(None) as cm:"));
        assertEquals("that is Python: Java has no async with: a timeout is a lambda, timeoutAt(loop.time() + 1, () -> { ... })",
                hint("async with asyncio.timeout_at(loop.time() + 1):"));
    }

    @Test
    void asyncWithALockPointsToHold() {
        assertEquals("that is Python: Java has no async with: hold a lock or a semaphore with "
                + "try (var held = lock.hold()) { ... }", hint("async with lock:"));
    }

    @Test
    void javaIsNoHabit() {
        assertNull(hint("taskGroup(tg -> { tg.createTask(() -> sleep(1)); })"));
        assertNull(hint("String s = \"async with lock:\";"));
    }
}
