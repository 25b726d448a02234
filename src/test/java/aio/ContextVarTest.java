package aio;

import static aio.Aio.await;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * Context variables (PEP 567): CPython's Lib/test/test_context.py (ContextTest), and the
 * asyncio tests of tasks, callbacks and threads running in their contexts (test_tasks.py
 * test_context_*, test_taskgroups.py, test_threads.py, test_futures2.py).
 *
 * <p>Each test runs in a fresh context, as CPython's {@code @isolated_context}, so that what one
 * sets on the test thread is not seen by the next.
 */
class ContextVarTest {

    /** CPython's {@code isolated_context}: runs the test body in a new empty context. */
    private static void isolated(VoidCoro body) {
        new Context().run(body);
    }

    // ---- contextvars (Lib/test/test_context.py) ----

    // CPython: test/test_context.py ContextTest.test_context_var_new_1
    @Test
    void contextVarNew() {
        assertThrows(NullPointerException.class, () -> new ContextVar<>(null));
        ContextVar<Object> c = new ContextVar<>("aaa");
        assertEquals("aaa", c.name());
        assertNotEquals("aaa".hashCode(), c.hashCode());
    }

    // CPython: test/test_context.py ContextTest.test_context_var_repr_1
    @Test
    void contextVarRepr() {
        isolated(() -> {
            ContextVar<Object> c = new ContextVar<>("a");
            assertTrue(c.toString().contains("'a'"), c.toString());
            c = new ContextVar<>("a", 123);
            assertTrue(c.toString().contains("123"), c.toString());

            List<Object> lst = new ArrayList<>();
            ContextVar<Object> d = new ContextVar<>("a", lst);
            lst.add(d);
            assertTrue(d.toString().contains("..."), d.toString());
            assertTrue(Aio.repr(lst).contains("..."), Aio.repr(lst));

            Token<Object> t = d.set(1);
            assertTrue(t.toString().contains(d.toString()), t.toString());
            assertFalse(t.toString().contains(" used "), t.toString());
            d.reset(t);
            assertTrue(t.toString().contains(" used "), t.toString());
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_subclassing_1
    @Test
    void contextClassesCannotBeSubclassed() {
        for (Class<?> c : List.of(ContextVar.class, Context.class, Token.class)) {
            assertTrue(Modifier.isFinal(c.getModifiers()), c.getName());
        }
    }

    // CPython: test/test_context.py ContextTest.test_context_typerrors_1 (Java checks the key's type
    // when compiling: only a null key is left to refuse)
    @Test
    void contextRefusesANullKey() {
        Context ctx = new Context();
        assertThrows(NullPointerException.class, () -> ctx.get(null));
        assertThrows(NullPointerException.class, () -> ctx.contains(null));
        assertThrows(NullPointerException.class, () -> ctx.get(null, "x"));
    }

    // CPython: test/test_context.py ContextTest.test_context_get_context_1
    @Test
    void copyContextGivesAContext() {
        assertTrue(Context.copyContext() instanceof Context);
        assertTrue(Aio.copyContext() instanceof Context);
    }

    // CPython: test/test_context.py ContextTest.test_context_run_3
    @Test
    void runRaisesWhatTheCallRaises() {
        Context ctx = new Context();
        assertThrows(ArithmeticException.class, () -> ctx.run(() -> {
            int zero = 0;
            return 1 / zero;
        }));
    }

    // CPython: test/test_context.py ContextTest.test_context_run_4
    @Test
    void runSetsInTheContextItRuns() {
        isolated(() -> {
            Context ctx1 = new Context();
            Context ctx2 = new Context();
            ContextVar<String> var = new ContextVar<>("var");

            Context returned = ctx1.run(() -> {
                assertNull(var.get(null));
                var.set("spam");
                ctx2.run(() -> assertNull(var.get(null)));
                assertEquals("spam", var.get(null));
                Context cur = Context.copyContext();
                assertEquals(1, cur.size());
                assertEquals("spam", cur.get(var));
                return cur;
            });
            assertEquals(ctx1, returned);
            assertEquals("spam", returned.get(var));
            assertTrue(returned.contains(var));
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_run_5
    @Test
    void whatRunSetsStaysInItsContextWhenItRaises() {
        Context ctx = new Context();
        ContextVar<String> var = new ContextVar<>("var");
        assertThrows(ArithmeticException.class, () -> ctx.run(() -> {
            assertNull(var.get(null));
            var.set("spam");
            throw new ArithmeticException("/ by zero");
        }));
        assertNull(var.get(null));
    }

    // CPython: test/test_context.py ContextTest.test_context_run_6
    @Test
    void aContextIsTheMappingOfWhatWasSetInIt() {
        Context ctx = new Context();
        ContextVar<Integer> c = new ContextVar<>("a", 0);
        ctx.run(() -> {
            assertEquals(0, c.get());
            assertNull(ctx.get(c));
            c.set(42);
            assertEquals(42, c.get());
            assertEquals(42, ctx.get(c));
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_run_7
    @Test
    void aContextCannotBeEnteredTwice() {
        Context ctx = new Context();
        ctx.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> { }));
            assertTrue(e.getMessage().contains("is already entered"), e.getMessage());
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_getset_1
    @Test
    void getSetReset() {
        isolated(() -> {
            ContextVar<Object> c = new ContextVar<>("c");
            assertThrows(LookupError.class, c::get);
            assertNull(c.get(null));

            Token<Object> t0 = c.set(42);
            assertEquals(42, c.get());
            assertEquals(42, c.get(null));
            assertSame(Token.MISSING, t0.oldValue());
            assertSame(c, t0.var());

            Token<Object> t = c.set("spam");
            assertEquals("spam", c.get());
            assertEquals("spam", c.get(null));
            assertEquals(42, t.oldValue());
            c.reset(t);
            assertEquals(42, c.get());
            assertEquals(42, c.get(null));

            c.set("spam2");
            IllegalStateException used = assertThrows(IllegalStateException.class, () -> c.reset(t));
            assertTrue(used.getMessage().contains("has already been used"), used.getMessage());
            assertEquals("spam2", c.get());

            Context ctx1 = Context.copyContext();
            assertTrue(ctx1.contains(c));

            c.reset(t0);
            assertThrows(IllegalStateException.class, () -> c.reset(t0));
            assertNull(c.get(null));

            assertTrue(ctx1.contains(c));
            assertEquals("spam2", ctx1.get(c));
            assertEquals("spam2", ctx1.get(c, "aa"));
            assertEquals(1, ctx1.size());
            assertEquals(Map.of(c, "spam2"), ctx1.asMap());
            List<ContextVar<?>> keys = new ArrayList<>();
            ctx1.forEach(keys::add);
            assertEquals(List.of(c), keys);

            Context ctx2 = Context.copyContext();
            assertFalse(ctx2.contains(c));
            assertNull(ctx2.get(c));
            assertEquals("aa", ctx2.get(c, "aa"));
            assertEquals(0, ctx2.size());
            assertFalse(ctx2.iterator().hasNext());
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_getset_2
    @Test
    void aTokenResetsOnlyItsOwnVariable() {
        isolated(() -> {
            ContextVar<Object> v1 = new ContextVar<>("v1");
            ContextVar<Object> v2 = new ContextVar<>("v2");
            Token<Object> t1 = v1.set(42);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v2.reset(t1));
            assertTrue(e.getMessage().contains("by a different"), e.getMessage());
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_getset_3
    @Test
    void resetUnsetsWhatWasNotSet() {
        isolated(() -> {
            ContextVar<Integer> c = new ContextVar<>("c", 42);
            Context ctx = new Context();
            ctx.run(() -> {
                assertEquals(42, c.get());
                assertNull(ctx.get(c));
                assertEquals(-1, ctx.get(c, -1));
                assertFalse(ctx.contains(c));
                assertEquals(Map.of(), ctx.asMap());

                Token<Integer> t = c.set(1);
                assertEquals(List.of(c), List.copyOf(ctx.asMap().keySet()));
                assertEquals(1, ctx.get(c));

                c.reset(t);
                assertEquals(Map.of(), ctx.asMap());
                assertFalse(ctx.contains(c));
            });
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_getset_4
    @Test
    void aTokenResetsOnlyInItsOwnContext() {
        isolated(() -> {
            ContextVar<Integer> c = new ContextVar<>("c", 42);
            Context ctx = new Context();
            Token<Integer> tok = ctx.run(() -> c.set(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.reset(tok));
            assertTrue(e.getMessage().contains("different Context"), e.getMessage());
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_getset_5
    @Test
    void aCopyDoesNotSeeLaterSets() {
        isolated(() -> {
            ContextVar<List<Integer>> c = new ContextVar<>("c", List.of());
            c.set(new ArrayList<>());
            Context.copyContext().run(() -> {
                c.set(new ArrayList<>());
                c.get().add(42);
                assertEquals(List.of(42), c.get());
            });
            assertEquals(List.of(), c.get());
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_copy_1
    @Test
    void copiesChangeIndependently() {
        Context ctx1 = new Context();
        ContextVar<Integer> c = new ContextVar<>("c", 42);
        ctx1.run(() -> {
            c.set(10);
            Context ctx2 = ctx1.copy();
            assertEquals(10, ctx2.get(c));

            c.set(20);
            assertEquals(20, ctx1.get(c));
            assertEquals(10, ctx2.get(c));

            ctx2.run(() -> {
                assertEquals(10, c.get());
                c.set(30);
                assertEquals(30, c.get());
            });
            assertEquals(20, ctx1.get(c));
            assertEquals(30, ctx2.get(c));
        });
    }

    // CPython: test/test_context.py ContextTest.test_context_threads_1
    @Test
    void eachThreadHasItsOwnContext() throws Exception {
        isolated(() -> {
            ContextVar<Integer> cvar = new ContextVar<>("cvar");
            ExecutorService tp = Executors.newFixedThreadPool(10);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int n = 0; n < 10; n++) {
                    int num = n;
                    results.add(tp.submit(() -> {
                        Random random = new Random(num);
                        for (int i = 0; i < 10; i++) {
                            cvar.set(num + i);
                            Thread.sleep(1 + random.nextInt(5));
                            assertEquals(num + i, cvar.get());
                        }
                        return num;
                    }));
                }
                List<Integer> got = new ArrayList<>();
                for (Future<Integer> f : results) {
                    got.add(f.get());
                }
                assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
            } finally {
                tp.shutdown();
            }
        });
    }

    // ---- asyncio: tasks and callbacks run in their contexts ----

    /** Runs {@code main} as a task on a new virtual-clock loop, in a fresh context; returns its result. */
    private static <T> T runInLoop(Coro<T> main) {
        return new Context().run(() -> {
            try (EventLoop loop = Aio.newEventLoop(Options.virtual())) {
                return loop.runUntilComplete(loop.createTask(main, "TestTask"));
            }
        });
    }

    // CPython: test_tasks.py BaseTaskTests.test_context_1
    @Test
    void aTaskSeesTheContextAsItWasWhenItWasCreated() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
        runInLoop(() -> {
            assertEquals("nope", cvar.get());
            Task<Void> subtask = Aio.createTask(() -> {
                sleep(0.01);
                assertEquals("nope", cvar.get());
                cvar.set("something else");
            });
            cvar.set("yes");
            assertEquals("yes", cvar.get());
            await(subtask);
            assertEquals("yes", cvar.get());
            return null;
        });
    }

    // CPython: test_tasks.py BaseTaskTests.test_context_2
    @Test
    void callbacksRunInACopyOfTheContextTheyWereScheduledIn() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
        runInLoop(() -> {
            EventLoop loop = Aio.getRunningLoop();
            assertEquals("nope", cvar.get());
            for (int j = 0; j < 2; j++) {
                aio.Future<Object> fut = loop.createFuture();
                // This change must not pollute the context of the "main()" task.
                fut.addDoneCallback(f -> cvar.set("something else"));
                cvar.set("yes" + j);
                loop.callSoon(() -> fut.setResult(null));
                await(fut);
                assertEquals("yes" + j, cvar.get());
                for (int i = 0; i < 3; i++) {
                    // Test that task passed its context to add_done_callback:
                    cvar.set("yes" + i + "-" + j);
                    sleep(0.001);
                    assertEquals("yes" + i + "-" + j, cvar.get());
                }
            }
            return null;
        });
        assertEquals("nope", cvar.get());
    }

    // (not in CPython's tests) callbacks added in an empty context each run in an empty copy of
    // their own: what the first sets, the second does not see, nor does the loop afterwards
    @Test
    void callbacksAddedInAnEmptyContextEachGetTheirOwnCopy() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "unset");
        List<String> seen = new ArrayList<>();
        EventLoop loop = Aio.newEventLoop(Options.virtual());
        try {
            aio.Future<Object> fut = loop.createFuture();
            fut.addDoneCallback(f -> {
                seen.add(cvar.get());
                cvar.set("first");
                seen.add(cvar.get());
            });
            fut.addDoneCallback(f -> seen.add(cvar.get()));
            fut.setResult(null);
            LoopTestSupport.runBriefly(loop);
            loop.callSoon(() -> seen.add(cvar.get()));
            LoopTestSupport.runBriefly(loop);
        } finally {
            loop.close();
        }
        assertEquals(List.of("unset", "first", "unset", "unset"), seen);
    }

    // CPython: test_tasks.py BaseTaskTests.test_context_3
    @Test
    void manyTasksEachKeepTheirOwnValue() {
        ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
        Random random = new Random(3);
        runInLoop(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                int num = random.nextInt(11);
                double[] delays = random.doubles(10, 0.001, 0.05).toArray();
                tasks.add(Aio.createTask(() -> {
                    for (int i = 0; i < 10; i++) {
                        cvar.set(num + i);
                        sleep(delays[i]);
                        assertEquals(num + i, cvar.get());
                    }
                }));
            }
            await(Aio.gather(tasks));
            return null;
        });
        assertEquals(-1, cvar.get());
    }

    /** test_context_4, _5 and _6: tasks given a context set their variables there. */
    private static List<Object> tasksGivenAContext(boolean throughTheLoop) {
        ContextVar<Integer> cvar = new ContextVar<>("cvar");
        return runInLoop(() -> {
            List<Object> ret = new ArrayList<>();
            Context ctx = Context.copyContext();
            ret.add(ctx.get(cvar));
            for (int val = 1; val <= 2; val++) {
                int v = val;
                VoidCoro coro = () -> {
                    sleep(0);
                    cvar.set(v);
                };
                Task<Void> t = throughTheLoop
                        ? Aio.getRunningLoop().createTask(coro.asCoro(), null, ctx)
                        : Aio.createTask(coro, null, ctx);
                await(t);
                ret.add(ctx.get(cvar));
            }
            return ret;
        });
    }

    // CPython: test_tasks.py BaseTaskTests.test_context_4
    // CPython: test_tasks.py BaseTaskTests.test_context_5
    @Test
    void createTaskWithAContext() {
        assertEquals(java.util.Arrays.asList(null, 1, 2), tasksGivenAContext(false));
    }

    // CPython: test_tasks.py BaseTaskTests.test_context_6
    @Test
    void loopCreateTaskWithAContext() {
        assertEquals(java.util.Arrays.asList(null, 1, 2), tasksGivenAContext(true));
    }

    // CPython: test_tasks.py BaseTaskTests.test_get_context
    @Test
    void getContextIsTheContextGiven() {
        Context context = Context.copyContext();
        try (EventLoop loop = Aio.newEventLoop(Options.virtual())) {
            Task<Object> task = loop.createTask(() -> null, null, context);
            loop.runUntilComplete(task);
            assertSame(context, task.getContext());
            Task<Object> copied = loop.createTask(() -> null);
            assertTrue(copied.getContext() != context && copied.getContext().equals(context));
            loop.runUntilComplete(copied);
        }
    }

    // CPython: test_taskgroups.py TestTaskGroup.test_taskgroup_task_context
    @Test
    void taskGroupCreateTaskWithAContext() {
        ContextVar<Integer> cvar = new ContextVar<>("cvar");
        runInLoop(() -> {
            try (TaskGroup g = new TaskGroup()) {
                Context ctx = Context.copyContext();
                assertNull(ctx.get(cvar));
                Task<Void> t1 = g.createTask(() -> {
                    sleep(0);
                    cvar.set(1);
                }, null, ctx);
                await(t1);
                assertEquals(1, ctx.get(cvar));
                Task<Void> t2 = g.createTask(() -> {
                    sleep(0);
                    cvar.set(2);
                }, null, ctx);
                await(t2);
                assertEquals(2, ctx.get(cvar));
            }
            return null;
        });
    }

    // CPython: test_threads.py ToThreadTests.test_to_thread_contextvars
    @Test
    void toThreadRunsInACopyOfTheContext() {
        ContextVar<String> testCtx = new ContextVar<>("test_ctx");
        String result = runInLoop(() -> {
            testCtx.set("parrot");
            return Aio.toThread(() -> testCtx.get());
        });
        assertEquals("parrot", result);
    }

    // CPython: test_futures2.py FutureTests.test_task_exc_handler_correct_context (asyncio reports
    // the task's exception when the task is collected, aio when the loop closes: in the task's
    // context either way)
    @Test
    void exceptionHandlerRunsInTheFailedTasksContext() {
        ContextVar<String> name = new ContextVar<>("name", "foo");
        List<String> seen = new ArrayList<>();
        new Context().run(() -> {
            EventLoop loop = Aio.newEventLoop(Options.virtual());
            loop.setExceptionHandler((l, ctx) -> seen.add(name.get()));
            loop.createTask(() -> {
                name.set("bar");
                throw new ArithmeticException("/ by zero");
            });
            LoopTestSupport.runBriefly(loop);
            loop.close();
        });
        assertEquals(List.of("bar"), seen);
    }

    // CPython: test_futures2.py FutureTests.test_handle_exc_handler_correct_context
    @Test
    void exceptionHandlerRunsInTheFailedCallbacksContext() {
        ContextVar<String> name = new ContextVar<>("name", "foo");
        List<String> seen = new ArrayList<>();
        runInLoop(() -> {
            EventLoop loop = Aio.getRunningLoop();
            loop.setExceptionHandler((l, ctx) -> seen.add(name.get()));
            loop.callSoon(() -> {
                name.set("bar");
                throw new ArithmeticException("/ by zero");
            });
            sleep(0);
            return null;
        });
        assertEquals(List.of("bar"), seen);
    }

    // ---- not in CPython ----

    @Test // timers and explicit contexts: callLater runs in a copy, callSoon(cb, ctx) in ctx itself
    void callLaterAndExplicitContexts() {
        ContextVar<String> v = new ContextVar<>("v", "default");
        List<String> seen = new ArrayList<>();
        Context given = new Context();
        runInLoop(() -> {
            EventLoop loop = Aio.getRunningLoop();
            v.set("scheduler");
            loop.callLater(1, () -> {
                seen.add("later saw " + v.get());
                v.set("changed by later");
            });
            Handle h = loop.callSoon(() -> v.set("set in given"), given);
            assertSame(given, h.getContext());
            sleep(2);
            seen.add("task sees " + v.get());
            return null;
        });
        assertEquals(List.of("later saw scheduler", "task sees scheduler"), seen);
        assertEquals("set in given", given.get(v));
    }

    @Test // a Java difference: Context.run inside a task may await, and stays current for that task
    void contextRunMayAwaitInsideATask() {
        ContextVar<String> v = new ContextVar<>("v", "default");
        Context other = new Context();
        List<String> seen = new ArrayList<>();
        runInLoop(() -> {
            v.set("task");
            Task<Void> sibling = Aio.createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    seen.add("sibling " + v.get());
                    sleep(0);
                }
            });
            other.run(() -> {
                v.set("other");
                sleep(0);
                seen.add("inside run " + v.get());
                sleep(0);
            });
            seen.add("after run " + v.get());
            await(sibling);
            return null;
        });
        assertEquals(List.of("sibling task", "inside run other", "sibling task", "after run task", "sibling task"), seen);
        assertEquals("other", other.get(v));
    }
}
