package aio;

import static aio.Aio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Queue} and {@link LifoQueue}: the cases of CPython's test_queues.py (3.13, with
 * shutdown). The join and shutdown cases run for all three queue classes, as in CPython.
 */
class QueueTest {

    private static void runTest(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    /** A queue class, for the cases CPython runs for Queue, LifoQueue and PriorityQueue alike. */
    record Kind(String name, IntFunction<Queue<Object>> make) {
        Queue<Object> create() {
            return make.apply(0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(new Kind("Queue", Queue::new), new Kind("LifoQueue", LifoQueue::new),
                new Kind("PriorityQueue", PriorityQueue::new));
    }

    // ---- QueueBasicTests ----

    // test_queues.py: QueueBasicTests.test_repr, test_str
    @Test
    void toStringShowsTheState() {
        runTest(() -> {
            var q = new Queue<Integer>();
            assertEquals("<Queue maxsize=0>", q.toString());

            // getters
            var getter = createTask(() -> q.get());
            sleep(0);
            assertTrue(q.toString().contains("_getters[1]"), q.toString());
            q.putNowait(0);
            assertEquals(0, await(getter));

            // putters
            var full = new Queue<Integer>(1);
            full.putNowait(1);
            var putter = createTask(() -> full.put(2));
            sleep(0);
            assertTrue(full.toString().contains("_putters[1]"), full.toString());
            full.getNowait();
            await(putter);
            assertTrue(putter.done());

            var one = new Queue<Integer>();
            one.putNowait(1);
            assertEquals("<Queue maxsize=0 _queue=[1] tasks=1>", one.toString());
            one.unfinishedTasks = 2;
            one.getNowait();
            assertEquals("<Queue maxsize=0 tasks=2>", one.toString());
            assertEquals("<LifoQueue maxsize=3>", new LifoQueue<>(3).toString());
        });
    }

    // test_queues.py: QueueBasicTests.test_empty
    @Test
    void empty() {
        runTest(() -> {
            var q = new Queue<Integer>();
            assertTrue(q.empty());
            q.put(1);
            assertFalse(q.empty());
            assertEquals(1, q.get());
            assertTrue(q.empty());
        });
    }

    // test_queues.py: QueueBasicTests.test_full
    @Test
    void full() {
        runTest(() -> {
            var q = new Queue<Integer>();
            assertFalse(q.full());
            var one = new Queue<Integer>(1);
            one.put(1);
            assertTrue(one.full());
            assertEquals(1, one.maxsize());
        });
    }

    // test_queues.py: QueueBasicTests.test_order
    @Test
    void fifoOrder() {
        runTest(() -> {
            var q = new Queue<Integer>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                items.add(q.get());
            }
            assertEquals(List.of(1, 3, 2), items);
        });
    }

    // test_queues.py: LifoQueueTests.test_order
    @Test
    void lifoOrder() {
        runTest(() -> {
            var q = new LifoQueue<Integer>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                items.add(q.get());
            }
            assertEquals(List.of(2, 3, 1), items);
        });
    }

    // test_queues.py: QueueBasicTests.test_maxsize
    @Test
    void putSuspendsWhileTheQueueIsFull() {
        runTest(() -> {
            var q = new Queue<Integer>(2);
            assertEquals(2, q.maxsize());
            List<Integer> haveBeenPut = new ArrayList<>();
            var t = createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    haveBeenPut.add(i);
                }
                return true;
            });
            for (int i = 0; i < 2; i++) {
                sleep(0);
            }
            // The putter is blocked after putting two items.
            assertEquals(List.of(0, 1), haveBeenPut);
            assertEquals(0, q.get());

            // Let the putter resume and put the last item.
            sleep(0);
            assertEquals(List.of(0, 1, 2), haveBeenPut);
            assertEquals(1, q.get());
            assertEquals(2, q.get());
            assertTrue(t.done());
            assertTrue(t.result());
        });
    }

    // ---- QueueGetTests ----

    // test_queues.py: QueueGetTests.test_blocking_get
    @Test
    void getReturnsAnAvailableItem() {
        runTest(() -> {
            var q = new Queue<Integer>();
            q.putNowait(1);
            assertEquals(1, q.get());
        });
    }

    // test_queues.py: QueueGetTests.test_get_with_putters
    @Test
    void getWakesAWaitingPutter() {
        runTest(() -> {
            var q = new Queue<Integer>(1);
            q.put(1);
            var waiter = new Future<Void>();
            q.putters.add(waiter);
            assertEquals(1, q.get());
            assertTrue(waiter.done());
            assertNull(waiter.result());
        });
    }

    // test_queues.py: QueueGetTests.test_blocking_get_wait
    @Test
    void getSuspendsUntilAnItemArrives() {
        runTest(() -> {
            var q = new Queue<Integer>();
            var started = new Event();
            boolean[] finished = {false};
            var task = createTask(() -> {
                started.set();
                int res = q.get();
                finished[0] = true;
                return res;
            });
            started.await();
            assertFalse(finished[0]);
            getRunningLoop().callLater(0.01, () -> q.putNowait(1));
            int res = await(task);
            assertTrue(finished[0]);
            assertEquals(1, res);
            assertEquals(0.01, time(), 1e-12);
        });
    }

    // test_queues.py: QueueGetTests.test_nonblocking_get, test_nonblocking_get_exception
    @Test
    void getNowait() {
        var q = new Queue<Integer>(); // the nowait methods need no loop
        q.putNowait(1);
        assertEquals(1, q.getNowait());
        assertThrows(QueueEmpty.class, q::getNowait);
    }

    // test_queues.py: QueueGetTests.test_get_cancelled_race
    @Test
    void cancelledGetterDoesNotTakeTheNextItem() {
        runTest(() -> {
            var q = new Queue<String>();
            var t1 = createTask(() -> q.get());
            var t2 = createTask(() -> q.get());
            sleep(0);
            t1.cancel();
            sleep(0);
            assertTrue(t1.done());
            q.put("a");
            sleep(0);
            assertEquals("a", await(t2));
        });
    }

    // test_queues.py: QueueGetTests.test_get_with_waiting_putters
    @Test
    void getTakesFromWaitingPuttersInOrder() {
        runTest(() -> {
            var q = new Queue<String>(1);
            createTask(() -> q.put("a"));
            createTask(() -> q.put("b"));
            assertEquals("a", q.get());
            assertEquals("b", q.get());
        });
    }

    // test_queues.py: QueueGetTests.test_why_are_getters_waiting
    @Test
    void producerAndConsumerThroughAQueueOfOne() {
        runTest(() -> {
            var q = new Queue<Integer>(1);
            List<Integer> got = new ArrayList<>();
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    for (int i = 0; i < 5; i++) {
                        q.put(i);
                    }
                });
                tg.createTask(() -> {
                    for (int i = 0; i < 5; i++) {
                        got.add(q.get());
                    }
                });
            }
            assertEquals(List.of(0, 1, 2, 3, 4), got);
        });
    }

    // test_queues.py: QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
    @Test
    void timedOutGetterIsRemoved() {
        runTest(() -> {
            var queue = new Queue<Integer>(5);
            assertThrows(TimeoutError.class, () -> waitFor(() -> queue.get(), 0.1));
            assertEquals(0, queue.getters.size());
        });
    }

    // ---- QueuePutTests ----

    // test_queues.py: QueuePutTests.test_blocking_put
    @Test
    void putOnAnUnboundedQueueDoesNotSuspend() {
        runTest(() -> {
            var q = new Queue<Integer>();
            q.put(1);
            assertEquals(1, q.get());
        });
    }

    // test_queues.py: QueuePutTests.test_blocking_put_wait
    @Test
    void putSuspendsUntilAGetMakesRoom() {
        runTest(() -> {
            var q = new Queue<Integer>(1);
            var started = new Event();
            boolean[] finished = {false};
            getRunningLoop().callLater(0.01, () -> q.getNowait());
            var task = createTask(() -> {
                started.set();
                q.put(1);
                q.put(2);
                finished[0] = true;
            });
            started.await();
            assertFalse(finished[0]);
            await(task);
            assertTrue(finished[0]);
            assertEquals(List.of(2), q.items());
        });
    }

    // test_queues.py: QueuePutTests.test_nonblocking_put, test_nonblocking_put_exception
    @Test
    void putNowait() {
        var q = new Queue<Integer>();
        q.putNowait(1);
        assertEquals(1, q.getNowait());
        var one = new Queue<Integer>(1);
        one.putNowait(1);
        assertThrows(QueueFull.class, () -> one.putNowait(2));
        assertEquals(1, one.qsize());
    }

    // test_queues.py: QueuePutTests.test_get_cancel_drop_one_pending_reader
    @Test
    void readerCancelledAfterBeingWokenDropsNoItem() {
        runTest(() -> {
            var q = new Queue<Integer>();
            var reader = createTask(() -> q.get());
            sleep(0);
            q.putNowait(1);
            q.putNowait(2);
            reader.cancel();
            try {
                await(reader);
            } catch (CancelledError e) {
                // try again
                reader = createTask(() -> q.get());
                await(reader);
            }
            // If we get 2, 1 got dropped.
            assertEquals(1, reader.result());
        });
    }

    // test_queues.py: QueuePutTests.test_get_cancel_drop_many_pending_readers
    @Test
    void readersCancelledAfterBeingWokenPassTheItemOn() {
        runTest(() -> {
            var q = new Queue<Integer>();
            List<Task<Integer>> readers = new ArrayList<>();
            try (var tg = new TaskGroup()) {
                for (int i = 0; i < 3; i++) {
                    readers.add(tg.createTask(() -> q.get()));
                }
                sleep(0);
                q.putNowait(1);
                q.putNowait(2);
                readers.get(0).cancel();
                assertThrows(CancelledError.class, () -> await(readers.get(0)));
                await(readers.get(2));
            }
            // It is undefined in which order concurrent readers receive results.
            assertEquals(Set.of(1, 2), Set.of(readers.get(1).result(), readers.get(2).result()));
        });
    }

    // test_queues.py: QueuePutTests.test_put_cancel_drop
    @Test
    void writerCancelledAfterBeingWokenCanPutAgain() {
        runTest(() -> {
            var q = new Queue<Integer>(1);
            q.putNowait(1);
            // Putting a second item has to wait (qsize is 1).
            var writer = createTask(() -> q.put(2));
            sleep(0);
            assertEquals(1, q.getNowait());
            writer.cancel();
            try {
                await(writer);
            } catch (CancelledError e) {
                // try again
                writer = createTask(() -> q.put(2));
                await(writer);
            }
            assertEquals(2, q.getNowait());
            assertEquals(0, q.qsize());
        });
    }

    // test_queues.py: QueuePutTests.test_put_cancelled
    @Test
    void putThenGetInTwoTasks() {
        runTest(() -> {
            var q = new Queue<Integer>();
            var t = createTask(() -> {
                q.put(1);
                return true;
            });
            assertEquals(1, q.get());
            assertTrue(t.done());
            assertTrue(t.result());
        });
    }

    // test_queues.py: QueuePutTests.test_put_cancelled_race
    @Test
    void cancelledPutterDoesNotTakeTheFreeSlot() {
        runTest(() -> {
            var q = new Queue<String>(1);
            var putA = createTask(() -> q.put("a"));
            var putB = createTask(() -> q.put("b"));
            var putC = createTask(() -> q.put("X"));
            sleep(0);
            assertTrue(putA.done());
            assertFalse(putB.done());

            putC.cancel();
            sleep(0);
            assertTrue(putC.done());
            assertEquals("a", q.getNowait());
            sleep(0);
            assertEquals("b", q.getNowait());
            await(putB);
            assertTrue(q.empty());
        });
    }

    // test_queues.py: QueuePutTests.test_put_with_waiting_getters
    @Test
    void putHandsTheItemToAWaitingGetter() {
        runTest(() -> {
            var q = new Queue<String>();
            var t = createTask(() -> q.get());
            sleep(0);
            q.put("a");
            assertEquals("a", await(t));
        });
    }

    // test_queues.py: QueuePutTests.test_why_are_putters_waiting
    @Test
    void puttersWokenByGetNowaitAllFinish() {
        runTest(() -> {
            var queue = new Queue<Integer>(2);
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    sleep(0);
                    int num = queue.qsize();
                    for (int i = 0; i < num; i++) {
                        queue.getNowait();
                    }
                });
                for (int i = 0; i < 4; i++) {
                    int item = i;
                    tg.createTask(() -> queue.put(item));
                }
            }
            assertEquals(List.of(2, 3), queue.items());
        });
    }

    // test_queues.py: QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters
    @Test
    void cancelledPutterIsRemoved() {
        runTest(() -> {
            var queue = new Queue<Integer>(1);
            queue.putNowait(1);
            var putTask = createTask(() -> queue.put(1));
            sleep(0);
            assertEquals(1, queue.putters.size());
            putTask.cancel();
            assertThrows(CancelledError.class, () -> await(putTask));
            assertEquals(0, queue.putters.size());
        });
    }

    // test_queues.py: QueuePutTests.test_cancelled_put_silence_value_error_exception
    @Test
    void cancelledPutterAlreadyRemovedByGetNowait() {
        runTest(() -> {
            var queue = new Queue<Integer>(1);
            queue.putNowait(1);
            var putTask = createTask(() -> queue.put(1));
            sleep(0);
            queue.getNowait(); // removes put_task's future from putters
            putTask.cancel();  // so put() finds nothing to remove: must still raise CancelledError
            assertThrows(CancelledError.class, () -> await(putTask));
            assertTrue(queue.empty(), "the cancelled put added nothing");
        });
    }

    // ---- _QueueJoinTestMixin, for Queue, LifoQueue and PriorityQueue ----

    // test_queues.py: _QueueJoinTestMixin.test_task_done_underflow
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void taskDoneTooManyTimes(Kind kind) {
        var q = kind.create();
        var e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("task_done() called too many times", e.getMessage());
    }

    // test_queues.py: _QueueJoinTestMixin.test_task_done
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void joinWaitsForEveryTaskDone(Kind kind) {
        runTest(() -> {
            var q = kind.create();
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            int[] accumulator = {0};
            boolean[] running = {true};
            // Two workers get items from the queue and call taskDone after each.
            try (var tg = new TaskGroup()) {
                for (int w = 0; w < 2; w++) {
                    tg.createTask(() -> {
                        while (running[0]) {
                            int item = (Integer) q.get();
                            accumulator[0] += item;
                            q.taskDone();
                        }
                    });
                }
                q.join();
                assertEquals(4950, accumulator[0]); // sum(range(100))
                // Stop the workers.
                running[0] = false;
                for (int w = 0; w < 2; w++) {
                    q.putNowait(0);
                }
            }
        });
    }

    // test_queues.py: _QueueJoinTestMixin.test_join_empty_queue
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void joinOnAnEmptyQueueReturnsAtOnce(Kind kind) {
        runTest(() -> {
            var q = kind.create();
            q.join();
            q.join();
            assertEquals(0.0, time());
        });
    }

    // test_queues.py: _QueueJoinTestMixin.test_format (asyncio's _format() is the part of the
    // repr after the class name; here toString() shows both)
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void formatShowsTheUnfinishedTasks(Kind kind) {
        var q = kind.create();
        assertEquals("<" + kind.name() + " maxsize=0>", q.toString());
        q.unfinishedTasks = 2;
        assertEquals("<" + kind.name() + " maxsize=0 tasks=2>", q.toString());
    }

    // ---- _QueueShutdownTestMixin (3.13), for Queue, LifoQueue and PriorityQueue ----

    // test_queues.py: _QueueShutdownTestMixin.test_format
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shutdownShowsInToString(Kind kind) {
        var q = kind.create();
        q.shutdown();
        assertEquals("<" + kind.name() + " maxsize=0 shutdown>", q.toString());
    }

    private static void assertShutDownForPutAndGet(Queue<Object> q) {
        assertThrows(QueueShutDown.class, () -> q.put("data"));
        assertThrows(QueueShutDown.class, () -> q.putNowait("data"));
        assertThrows(QueueShutDown.class, q::get);
        assertThrows(QueueShutDown.class, q::getNowait);
    }

    // test_queues.py: _QueueShutdownTestMixin.test_shutdown_empty
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shutdownAnEmptyQueue(Kind kind) {
        runTest(() -> {
            var q = kind.create();
            var getTask = createTask(() -> q.get());
            sleep(0); // the get task is waiting before the shutdown

            q.shutdown(false); // unfinished tasks: 0 -> 0
            assertEquals(0, q.qsize());
            q.join();

            sleep(0);
            assertTrue(getTask.done());
            assertThrows(QueueShutDown.class, () -> await(getTask));
            assertShutDownForPutAndGet(q);
        });
    }

    // test_queues.py: _QueueShutdownTestMixin.test_shutdown_nonempty
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shutdownANonEmptyQueue(Kind kind) {
        runTest(() -> {
            var q = kind.make().apply(1);
            q.putNowait("data");
            var joinTask = createTask(() -> q.join());
            var putTask = createTask(() -> q.put("data2"));
            sleep(0);
            assertFalse(putTask.done());

            q.shutdown(false); // unfinished tasks: 1 -> 1
            assertEquals(1, q.qsize());

            // The waiting put is released, with QueueShutDown.
            sleep(0);
            assertTrue(putTask.done());
            assertThrows(QueueShutDown.class, () -> await(putTask));

            // The item left can still be got.
            assertEquals("data", q.get());
            sleep(0);
            assertFalse(joinTask.done());

            assertShutDownForPutAndGet(q);

            q.taskDone();
            sleep(0);
            assertTrue(joinTask.done());
            await(joinTask);
            assertThrows(IllegalStateException.class, q::taskDone);
        });
    }

    // test_queues.py: _QueueShutdownTestMixin.test_shutdown_immediate
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shutdownImmediatelyDropsTheItems(Kind kind) {
        runTest(() -> {
            var q = kind.create();
            q.putNowait("data");
            var joinTask = createTask(() -> q.join());

            q.shutdown(true); // unfinished tasks: 1 -> 0
            assertEquals(0, q.qsize());

            sleep(0);
            assertTrue(joinTask.done());
            await(joinTask);

            assertShutDownForPutAndGet(q);
            assertThrows(IllegalStateException.class, q::taskDone);
        });
    }

    // test_queues.py: _QueueShutdownTestMixin.test_shutdown_immediate_with_unfinished
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shutdownImmediatelyWithAnItemInProgress(Kind kind) {
        runTest(() -> {
            var q = kind.create();
            q.putNowait("data");
            q.putNowait("data");
            var joinTask = createTask(() -> q.join());
            assertEquals("data", q.get());

            q.shutdown(true); // unfinished tasks: 2 -> 1
            assertEquals(0, q.qsize());

            sleep(0);
            assertFalse(joinTask.done());

            assertShutDownForPutAndGet(q);

            q.taskDone(); // the item got before the shutdown
            assertThrows(IllegalStateException.class, q::taskDone);

            sleep(0);
            assertTrue(joinTask.done());
            await(joinTask);
        });
    }

    // ---- not in CPython ----

    // Producer/consumer with backpressure, on the virtual clock: the producer runs ahead by
    // at most maxsize items, and join() returns when the consumer has marked the last one done.
    @Test
    void producerConsumerWithBackpressure() {
        runTest(() -> {
            var q = new Queue<Integer>(2);
            List<String> log = new ArrayList<>();
            var consumer = createTask(() -> {
                while (true) {
                    int item = q.get();
                    sleep(1); // work on it
                    log.add("done " + item + " at " + time());
                    q.taskDone();
                }
            });
            for (int i = 0; i < 6; i++) {
                q.put(i);
                assertTrue(q.qsize() <= 2);
                log.add("put " + i + " at " + time());
            }
            q.join();
            log.add("joined at " + time());
            consumer.cancel();
            assertEquals(List.of(
                    "put 0 at 0.0", "put 1 at 0.0", "put 2 at 0.0",
                    "done 0 at 1.0", "put 3 at 1.0",
                    "done 1 at 2.0", "put 4 at 2.0",
                    "done 2 at 3.0", "put 5 at 3.0",
                    "done 3 at 4.0", "done 4 at 5.0", "done 5 at 6.0",
                    "joined at 6.0"), log);
        });
    }

    // A getter woken for an item whose timeout() block expires at the same moment (the
    // expiry arrives as TimeoutError, see LoopBound) passes the item on to the next getter.
    @Test
    void getterWokenThenTimedOutPassesTheItemOn() {
        runTest(() -> {
            var q = new Queue<String>();
            Timeout[] deadline = {null};
            var a = createTask(() -> {
                try (var t = timeout(10)) {
                    deadline[0] = t;
                    return q.get();
                }
            });
            var b = createTask(() -> q.get());
            sleep(0);
            deadline[0].reschedule(getRunningLoop().time()); // expires first ...
            q.putNowait("x");                                 // ... then a is woken for "x"
            assertThrows(TimeoutError.class, () -> await(a));
            assertEquals("x", await(b));
            assertTrue(q.getters.isEmpty());
        });
    }

    // The put side of test_get_cancel_drop_many_pending_readers: a putter woken for a free
    // slot and cancelled before it ran passes the slot on to the next putter.
    @Test
    void putterCancelledAfterBeingWokenPassesTheSlotOn() {
        runTest(() -> {
            var q = new Queue<String>(1);
            q.putNowait("first");
            var putA = createTask(() -> q.put("a"));
            var putB = createTask(() -> q.put("b"));
            sleep(0);
            assertEquals(2, q.putters.size());
            assertEquals("first", q.getNowait()); // wakes putA ...
            putA.cancel();                         // ... which is cancelled before it runs
            assertThrows(CancelledError.class, () -> await(putA));
            waitFor(putB, 1); // TimeoutError here would mean the free slot was lost
            assertEquals(List.of("b"), q.items());
            assertTrue(q.putters.isEmpty());
        });
    }

    // Python queues take None; these take null (a common end-of-stream marker).
    @Test
    void nullItemsAreAllowed() {
        var q = new Queue<String>();
        q.putNowait(null);
        q.putNowait("a");
        assertEquals("<Queue maxsize=0 _queue=[null, a] tasks=2>", q.toString());
        assertNull(q.getNowait());
        assertEquals("a", q.getNowait());
        var lifo = new LifoQueue<String>();
        lifo.putNowait("a");
        lifo.putNowait(null);
        assertNull(lifo.getNowait());
        assertEquals("a", lifo.getNowait());
    }

    // mixins.py: _LoopBoundMixin: a queue waited on in one loop cannot be waited on in another.
    @Test
    void queueBoundToOneLoopRefusesAnother() {
        var q = new Queue<Integer>();
        runTest(() -> {
            var t = createTask(() -> q.get()); // waits: binds q to this loop
            sleep(0);
            q.putNowait(1);
            assertEquals(1, await(t));
        });
        runTest(() -> {
            q.putNowait(2);
            assertEquals(2, q.get()); // an item is there: no waiting, no loop needed
            var e = assertThrows(IllegalStateException.class, q::get);
            assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
        });
    }
}
