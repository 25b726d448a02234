package aio;

import static aio.Aio.await;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Eager tasks: CPython's test_eager_task_factory.py. CPython runs each test for its Python and
 * its C Task; aio has one Task, so each is ported once.
 */
class EagerTaskFactoryTest extends VirtualLoopTestCase {

    /** EagerTaskFactoryLoopTests.setUp: the loop makes its tasks with the eager factory. */
    private void eager() {
        loop.setTaskFactory(Aio.eagerTaskFactory());
    }

    /** EagerTaskFactoryLoopTests.run_coro: run {@code coro} as a task of the running loop, so that eager steps happen. */
    private <T> T runCoro(Coro<T> coro) {
        eager();
        return loop.runUntilComplete(coro);
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_task_factory_set
    @Test
    void eagerTaskFactorySet() {
        eager();
        assertSame(Aio.eagerTaskFactory(), loop.getTaskFactory());
        runCoro(() -> {
            Task<Object> t = loop.createTask(() -> null);
            assertTrue(t instanceof Task<?>);
            return await(t);
        });
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_await_future_during_eager_step
    @Test
    void awaitFutureDuringEagerStep() {
        assertEquals("my message", runCoro(() -> {
            Future<Object> fut = loop.createFuture();
            Task<Void> t = loop.createTask(((VoidCoro) () -> fut.setResult("my message")).asCoro());
            assertTrue(t.done(), "the eager step completed the task");
            return await(fut);
        }));
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_completion
    @Test
    void eagerCompletion() {
        assertEquals("hello", runCoro(() -> {
            Task<String> t = loop.createTask(() -> "hello");
            assertTrue(t.done(), "the eager step completed the task");
            return await(t);
        }));
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_block_after_eager_step
    @Test
    void blockAfterEagerStep() {
        assertEquals("finished after blocking", runCoro(() -> {
            Task<String> t = loop.createTask(() -> {
                sleep(0.1);
                return "finished after blocking";
            });
            assertFalse(t.done());
            String result = await(t);
            assertTrue(t.done());
            return result;
        }));
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_completion
    @Test
    void cancellationAfterEagerCompletion() {
        assertEquals("finished without blocking", runCoro(() -> {
            Task<String> t = loop.createTask(() -> "finished without blocking");
            t.cancel();
            String result = await(t);
            assertFalse(t.cancelled(), "a finished task can't be cancelled");
            return result;
        }));
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_step_blocks
    @Test
    void cancellationAfterEagerStepBlocks() {
        CancelledError e = assertThrows(CancelledError.class, () -> runCoro(() -> {
            Task<String> t = loop.createTask(() -> {
                sleep(0.1);
                return "finished after blocking";
            });
            t.cancel("cancellation message");
            assertTrue(t.cancelling() > 0);
            return await(t);
        }));
        assertEquals("cancellation message", e.getMessage());
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_current_task
    @Test
    void currentTaskDuringTheEagerStep() {
        Task<?>[] captured = new Task<?>[1];
        runCoro(() -> {
            Task<?> creator = Aio.currentTask();
            Task<Void> t = loop.createTask(((VoidCoro) () -> {
                captured[0] = Aio.currentTask();
                sleep(0.1); // the task before and after blocking is the same
                assertSame(captured[0], Aio.currentTask());
            }).asCoro());
            assertSame(t, captured[0]);
            assertSame(creator, Aio.currentTask(), "the creator is the current task again");
            return await(t);
        });
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_all_tasks_with_eager_completion
    @Test
    void allTasksWithEagerCompletion() {
        List<Task<?>> captured = new ArrayList<>();
        runCoro(() -> {
            Task<Void> t = loop.createTask(((VoidCoro) () -> captured.addAll(Aio.allTasks())).asCoro());
            assertTrue(captured.contains(t));
            assertFalse(Aio.allTasks().contains(t));
            return null;
        });
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_all_tasks_with_blocking
    @Test
    void allTasksWithBlocking() {
        List<Task<?>> captured = new ArrayList<>();
        runCoro(() -> {
            Future<Object> fut1 = loop.createFuture();
            Future<Object> fut2 = loop.createFuture();
            Task<Void> t = loop.createTask(((VoidCoro) () -> {
                captured.addAll(Aio.allTasks());
                await(fut1);
                fut2.setResult(null);
            }).asCoro());
            assertTrue(captured.contains(t));
            assertTrue(Aio.allTasks().contains(t));
            fut1.setResult(null);
            await(fut2);
            assertFalse(Aio.allTasks().contains(t));
            return null;
        });
    }

    // CPython: test_eager_task_factory.py EagerTaskFactoryLoopTests.test_context_vars
    @Test
    void contextVars() {
        ContextVar<Integer> cv = new ContextVar<>("cv", 0);
        boolean[] ran = new boolean[2];
        new Context().run(() -> runCoro(() -> {
            cv.set(1);
            Task<Void> t = loop.createTask(((VoidCoro) () -> {
                assertEquals(1, cv.get());
                cv.set(2);
                assertEquals(2, cv.get());
                ran[0] = true;
                sleep(0.1);
                assertEquals(2, cv.get());
                cv.set(3);
                assertEquals(3, cv.get());
                ran[1] = true;
            }).asCoro());
            assertTrue(ran[0]);
            assertFalse(ran[1]);
            assertEquals(1, cv.get());
            await(t);
            assertTrue(ran[1]);
            assertEquals(1, cv.get());
            return null;
        }));
    }

    // CPython: test_eager_task_factory.py CEagerTaskFactoryLoopTests.test_issue122332
    @Test
    void getCoroOfATaskThatFinishedEagerlyIsNull() {
        runCoro(() -> {
            Task<Object> task = loop.createTask(() -> null);
            await(task);
            assertNull(task.getCoro());
            Coro<Object> blocking = () -> sleep(0, null);
            Task<Object> later = loop.createTask(blocking);
            await(later);
            assertSame(blocking, later.getCoro(), "a task that waited keeps its coroutine");
            return null;
        });
    }

    // ---- BaseTaskCountingTests: how many tasks were made without an eager start ----

    /** AsyncTaskCounter: counts the tasks constructed without eager start. */
    private int[] countTasks(boolean eager) {
        int[] count = {0};
        TaskConstructor counting = (coro, l, name, context, eagerStart) -> {
            if (!eagerStart) {
                count[0]++;
            }
            return new Task<>(coro, l, name, context, eagerStart);
        };
        loop.setTaskFactory(eager ? Aio.createEagerTaskFactory(counting)
                : (l, coro, name, context) -> counting.construct(coro, l, name, context, false));
        return count;
    }

    private static int awaitableChain(int depth) {
        return depth == 0 ? 0 : 1 + await(() -> awaitableChain(depth - 1));
    }

    private static void recursiveTaskGroups(int width, int depth) {
        if (depth == 0) {
            return;
        }
        try (TaskGroup tg = new TaskGroup()) {
            for (int i = 0; i < width; i++) {
                tg.createTask(() -> recursiveTaskGroups(width, depth - 1));
            }
        }
    }

    private static void recursiveGather(int width, int depth) {
        if (depth == 0) {
            return;
        }
        List<VoidCoro> coros = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            coros.add(() -> recursiveGather(width, depth - 1));
        }
        await(Aio.gather(coros));
    }

    // CPython: test_eager_task_factory.py NonEagerTests.test_awaitables_chain
    @Test
    void awaitablesChainNonEager() {
        int[] count = countTasks(false);
        assertEquals(100, loop.runUntilComplete(() -> awaitableChain(100)));
        assertEquals(1, count[0]);
    }

    // CPython: test_eager_task_factory.py EagerTests.test_awaitables_chain
    @Test
    void awaitablesChainEager() {
        int[] count = countTasks(true);
        assertEquals(100, loop.runUntilComplete(() -> awaitableChain(100)));
        assertEquals(0, count[0]);
    }

    // CPython: test_eager_task_factory.py NonEagerTests.test_recursive_taskgroups
    @Test
    void recursiveTaskGroupsNonEager() {
        int[] count = countTasks(false);
        loop.runUntilComplete(() -> recursiveTaskGroups(5, 4));
        assertEquals(781, count[0]); // 1 + 5 + 5^2 + 5^3 + 5^4
    }

    // CPython: test_eager_task_factory.py EagerTests.test_recursive_taskgroups
    @Test
    void recursiveTaskGroupsEager() {
        int[] count = countTasks(true);
        loop.runUntilComplete(() -> recursiveTaskGroups(5, 4));
        assertEquals(0, count[0]);
    }

    // CPython: test_eager_task_factory.py NonEagerTests.test_recursive_gather
    @Test
    void recursiveGatherNonEager() {
        int[] count = countTasks(false);
        loop.runUntilComplete(() -> recursiveGather(5, 4));
        assertEquals(781, count[0]);
    }

    // CPython: test_eager_task_factory.py EagerTests.test_recursive_gather
    @Test
    void recursiveGatherEager() {
        int[] count = countTasks(true);
        loop.runUntilComplete(() -> recursiveGather(5, 4));
        assertEquals(0, count[0]);
    }

    // ---- not in CPython's tests; checked against CPython 3.13 ----

    @Test // the order of eager steps, nested ones, and what the loop had ready
    void eagerStepsRunInsideCreateTaskBeforeAnythingReady() {
        List<String> log = new ArrayList<>();
        runCoro(() -> {
            loop.callSoon(() -> log.add("cb"));
            Task<Void> t = Aio.createTask(() -> {
                log.add("child start");
                Task<Void> g = Aio.createTask(() -> {
                    log.add("grandchild start");
                    sleep(0);
                    log.add("grandchild resumed");
                });
                log.add("child after create");
                sleep(0);
                log.add("child resumed");
                await(g);
            });
            log.add("after create");
            sleep(0);
            log.add("main resumed");
            await(t);
            return null;
        });
        assertEquals(List.of("child start", "grandchild start", "child after create", "after create", "cb",
                "grandchild resumed", "child resumed", "main resumed"), log);
    }

    @Test // an exception of the eager step stays in the task, as in asyncio
    void anEagerStepThatFailsLeavesAFailedTask() {
        runCoro(() -> {
            Task<Object> b = Aio.createTask(() -> {
                throw new IllegalArgumentException("x");
            });
            assertTrue(b.done());
            assertEquals("x", b.exception().getMessage());
            assertNull(b.getCoro());
            return null;
        });
    }

    @Test // the name reaches the factory, so the eager step sees it (asyncio since gh-128308)
    void anEagerStepSeesItsName() {
        List<String> names = new ArrayList<>();
        runCoro(() -> {
            Aio.createTask(() -> names.add(Aio.currentTask().getName()), "named");
            Aio.createTask(() -> names.add(Aio.currentTask().getName()));
            return null;
        });
        assertEquals(List.of("named", "Task-2"), names);
    }

    @Test // before the loop runs, an eager factory's task starts as any other: on the loop's first iteration
    void aTaskCreatedBeforeTheLoopRunsIsNotStartedEagerly() {
        eager();
        List<String> log = new ArrayList<>();
        Task<Void> t = loop.createTask(((VoidCoro) () -> log.add("ran")).asCoro());
        assertEquals(List.of(), log);
        assertFalse(t.done());
        loop.runUntilComplete(t);
        assertEquals(List.of("ran"), log);
    }

    private static Task<Void> createsAnEagerChild(List<Object> seen) {
        Task<?> creator = Aio.currentTask();
        return Aio.createTask(() -> {
            seen.add(Arrays.stream(creator.getStack()).map(StackTraceElement::getMethodName).toList());
            seen.add(Arrays.stream(Aio.currentTask().getStack()).map(StackTraceElement::getMethodName).toList());
        });
    }

    @Test // not in CPython's tests: during an eager step the creator is running, and shows its frames down to createTask
    void theCreatorsStackDuringAnEagerStep() {
        List<Object> seen = new ArrayList<>();
        runCoro(() -> createsAnEagerChild(seen));
        List<?> creator = (List<?>) seen.get(0);
        assertEquals("createsAnEagerChild", creator.get(creator.size() - 1), creator.toString());
        assertTrue(creator.size() == 2 && creator.get(0).toString().startsWith("lambda$"), creator.toString());
        List<?> child = (List<?>) seen.get(1);
        assertEquals(1, child.size(), "the child's own frames only: " + child);
        assertTrue(child.get(0).toString().startsWith("lambda$createsAnEagerChild$"), child.toString());
    }
}
