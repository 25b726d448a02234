package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * What a task's step does with what its coroutine awaits, returns or raises (CPython's
 * {@code Task.__step}): ported from test_tasks.py's BaseTaskTests.
 */
class TaskStepTest extends VirtualLoopTestCase {

    // test_tasks.py: BaseTaskTests.test_other_loop_future (RuntimeError "Task ... got Future ... attached ...")
    @Test
    void awaitingAFutureOfAnotherLoopFails() {
        EventLoop otherLoop = Aio.newEventLoop(Options.virtual());
        try {
            Future<Object> fut = otherLoop.createFuture();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.runUntilComplete(loop.createTask(() -> await(fut))));
            assertTrue(Pattern.compile("Task .* got Future .* attached").matcher(e.getMessage()).find(), e.getMessage());
        } finally {
            otherLoop.close();
        }
    }

    // test_tasks.py: BaseTaskTests.test_task_awaits_on_itself (RuntimeError)
    @Test
    void aTaskAwaitingItselfFails() {
        Task<?>[] task = new Task<?>[1];
        task[0] = loop.createTask(() -> await(task[0]));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(task[0]));
        assertTrue(e.getMessage().contains("Task cannot await on itself"), e.getMessage());
    }

    // test_tasks.py: BaseTaskTests.test_task_repr_wait_for (the repr names the future waited on)
    @Test
    void reprShowsTheFutureWaitedOn() {
        loop.setDebug(false);
        Future<Object> fut = loop.createFuture();
        Task<Object> task = loop.createTask(() -> await(fut));
        LoopTestSupport.runBriefly(loop);
        assertTrue(Pattern.matches("<Task .* wait_for=" + Pattern.quote(fut.toString()) + ">", task.toString()),
                task.toString());

        fut.setResult(null);
        loop.runUntilComplete(task);
    }

    // test_tasks.py: BaseTaskTests.test_step_result_future (if the coroutine awaits a future, the
    // task waits on this future: it adds itself to the future's callbacks (CPython's Fut subclass
    // records add_done_callback; aio's task registers through the package's addWaiter, seen here
    // as the future having a callback) and gets the very result object)
    @Test
    void aTaskWaitsOnTheFutureItsCoroutineAwaits() {
        Future<Object> fut = loop.createFuture();
        Object[] result = {null};
        Task<Object> t = loop.createTask(() -> {
            result[0] = await(fut);
            return null;
        });
        LoopTestSupport.runBriefly(loop);
        assertTrue(fut.hasCallbacks());

        Object res = new Object();
        fut.setResult(res);
        LoopTestSupport.runBriefly(loop);
        assertSame(res, result[0]);
        assertTrue(t.done());
        assertNull(t.result());
    }

    // test_tasks.py: BaseTaskTests.test_coroutine_non_gen_function_return_future (a coroutine that
    // returns a future, without awaiting it: the future is the task's result)
    @Test
    void aFutureReturnedIsTheResultNotAwaited() {
        Future<Object> fut = loop.createFuture();
        Task<Future<Object>> t1 = loop.createTask(() -> fut);
        Task<Object> t2 = loop.createTask(() -> {
            fut.setResult("test");
            return null;
        });
        Future<Object> res = loop.runUntilComplete(t1);
        assertSame(fut, res);
        assertNull(t2.result());
    }

    // test_tasks.py: BaseTaskTests.test_exception_traceback (bpo-28843: the task's exception
    // keeps its traceback; in Java, its stack trace)
    @Test
    void aTasksExceptionKeepsItsStackTrace() {
        int zero = 0;
        loop.runUntilComplete(loop.createTask(() -> {
            Task<Integer> task = createTask(() -> 1 / zero);
            sleep(0); // skip one loop iteration
            assertTrue(task.exception() instanceof ArithmeticException);
            assertTrue(task.exception().getStackTrace().length > 0);
            return null;
        }));
    }

    // test_tasks.py: BaseTaskTests.test_task_set_methods (RuntimeError "Task does not support
    // set_result operation", and set_exception: a task's outcome is its coroutine's)
    @Test
    void aTaskRefusesSetResultAndSetException() {
        Task<String> task = loop.createTask(() -> "ko");

        var e1 = assertThrows(IllegalStateException.class, () -> task.setResult("ok"));
        assertTrue(e1.getMessage().contains("not support set_result"), e1.getMessage());

        var e2 = assertThrows(IllegalStateException.class, () -> task.setException(new IllegalArgumentException()));
        assertTrue(e2.getMessage().contains("not support set_exception"), e2.getMessage());

        assertEquals("ko", loop.runUntilComplete(task));
    }
}
