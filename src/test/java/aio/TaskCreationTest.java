package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Making tasks: {@link Aio#createTask} and {@link Aio#ensureFuture}, ported from CPython's
 * test_tasks.py. aio has no {@code loop=} argument: a coroutine becomes a task of the running
 * loop, and a loop's own {@code runUntilComplete} is where a future meets a given loop.
 */
class TaskCreationTest extends VirtualLoopTestCase {

    // test_tasks.py: BaseTaskTests.test_ensure_future_coroutine (without loop=: the running loop's
    // task inside a coroutine, RuntimeError outside a loop; the loop= and set_event_loop parts
    // have no aio form)
    @Test
    void ensureFutureOfACoroutine() {
        Coro<String> notmuch = () -> "ok";
        assertEquals("no running event loop",
                assertThrows(IllegalStateException.class, () -> Aio.ensureFuture(notmuch)).getMessage());

        Future<String> t = loop.runUntilComplete(loop.createTask(() -> Aio.ensureFuture(notmuch)));
        assertInstanceOf(Task.class, t);
        assertSame(loop, t.getLoop());
        loop.runUntilComplete(t);
        assertTrue(t.done());
        assertEquals("ok", t.result());
    }

    // test_tasks.py: BaseTaskTests.test_ensure_future_future (a future is returned as is, loop or
    // none; given to another loop, ValueError: here that loop's runUntilComplete, which is
    // ensure_future(f, loop=loop))
    @Test
    void ensureFutureOfAFuture() {
        Future<String> fOrig = new Future<>(loop);
        fOrig.setResult("ko");

        Future<String> f = Aio.ensureFuture(fOrig);
        loop.runUntilComplete(f);
        assertTrue(f.done());
        assertEquals("ko", f.result());
        assertSame(fOrig, f);

        try (EventLoop other = Aio.newEventLoop(Options.virtual())) {
            assertThrows(IllegalArgumentException.class, () -> other.runUntilComplete(fOrig));
        }

        assertSame(fOrig, loop.runUntilComplete(loop.createTask(() -> Aio.ensureFuture(fOrig))));
    }

    // test_tasks.py: BaseTaskTests.test_ensure_future_task (as test_ensure_future_future, for a task)
    @Test
    void ensureFutureOfATask() {
        Task<String> tOrig = loop.createTask(() -> "ok");
        Future<String> t = Aio.ensureFuture(tOrig);
        loop.runUntilComplete(t);
        assertTrue(t.done());
        assertEquals("ok", t.result());
        assertSame(tOrig, t);

        try (EventLoop other = Aio.newEventLoop(Options.virtual())) {
            assertThrows(IllegalArgumentException.class, () -> other.runUntilComplete(tOrig));
        }

        assertSame(tOrig, loop.runUntilComplete(loop.createTask(() -> Aio.ensureFuture(tOrig))));
    }

    // test_tasks.py: BaseTaskTests.test_ensure_future_neither (TypeError: neither a future nor a
    // coroutine; in Java, an Awaitable of neither kind)
    @Test
    void ensureFutureOfNeither() {
        Awaitable<String> neither = new Awaitable<>() { };
        assertThrows(IllegalArgumentException.class,
                () -> loop.runUntilComplete(loop.createTask(() -> Aio.ensureFuture(neither))));
    }

    // test_tasks.py: BaseTaskTests.test_ensure_future_error_msg (ValueError "The future belongs to
    // a different loop than the one specified as the loop argument"; aio's loop argument is the
    // loop whose runUntilComplete is given the future)
    @Test
    void ensureFutureErrorMessage() {
        try (EventLoop other = Aio.newEventLoop(Options.virtual())) {
            Future<Object> f = loop.createFuture();
            var e = assertThrows(IllegalArgumentException.class, () -> other.runUntilComplete(f));
            assertTrue(e.getMessage().startsWith("The future belongs to a different loop than the one specified"),
                    e.getMessage());
        }
    }

    // test_tasks.py: BaseTaskTests.test_bare_create_task (asyncio.create_task: the running loop's)
    @Test
    void bareCreateTask() {
        loop.runUntilComplete(loop.createTask(() -> {
            Task<Integer> task = createTask(() -> 1);
            assertInstanceOf(Task.class, task);
            int ret = await(task);
            assertEquals(1, ret);
            return null;
        }));
    }

    // test_tasks.py: BaseTaskTests.test_bare_create_named_task
    @Test
    void bareCreateNamedTask() {
        loop.runUntilComplete(loop.createTask(() -> {
            Task<Void> task = createTask(() -> { }, "No-op");
            assertEquals("No-op", task.getName());
            await(task);
            return null;
        }));
    }

    // test_tasks.py: GenericTaskTests.test_future_subclass
    @Test
    void aTaskIsAFuture() {
        assertTrue(Future.class.isAssignableFrom(Task.class));
    }
}
