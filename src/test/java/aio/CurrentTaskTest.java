package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Aio#currentTask()} and {@link Aio#currentTask(EventLoop)} around a loop that is not
 * running: ported from CPython's test_tasks.py BaseCurrentLoopTests (run there for the Python
 * and the C current_task; aio has one).
 */
class CurrentTaskTest extends VirtualLoopTestCase {

    // test_tasks.py: BaseCurrentLoopTests.test_current_task_no_running_loop
    @Test
    void noRunningLoopGivesNoTask() {
        assertNull(Aio.currentTask(loop));
    }

    // test_tasks.py: BaseCurrentLoopTests.test_current_task_no_running_loop_implicit (RuntimeError)
    @Test
    void noRunningLoopImplicitIsRefused() {
        var e = assertThrows(IllegalStateException.class, Aio::currentTask);
        assertEquals("no running event loop", e.getMessage());
    }

    // test_tasks.py: BaseCurrentLoopTests.test_current_task_with_implicit_loop (current_task(None)
    // has no Java form: currentTask() is the implicit loop's)
    @Test
    void currentTaskWithImplicitLoop() {
        List<Object> seen = new ArrayList<>();
        Task<?>[] task = new Task<?>[1];
        task[0] = loop.createTask(() -> {
            seen.add(Aio.currentTask(loop));
            seen.add(Aio.currentTask());
            return null;
        });
        loop.runUntilComplete(task[0]);
        assertEquals(2, seen.size());
        assertSame(task[0], seen.get(0));
        assertSame(task[0], seen.get(1));
        assertNull(Aio.currentTask(loop));
    }
}
