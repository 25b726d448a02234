package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.getRunningLoop;
import static aio.Aio.openConnection;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static aio.Aio.startServer;
import static aio.Aio.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop's objects touched from another thread while the loop runs: the call raises
 * IllegalStateException ("Non-thread-safe operation ...") and changes nothing.
 *
 * <p>CPython checks the thread only in debug mode, in call_soon (base_events.py _check_thread,
 * test_base_events.py test_check_thread), which futures.py set_result reaches through
 * __schedule_callbacks after it has set _state: with asyncio.run(main(), debug=True), a
 * to_thread worker calling f.set_result('from thread') while a task awaits f gets that
 * RuntimeError, yet f stays finished and the task pending for ever (checked with 3.13). aio
 * always checks, and checks first, so that the refused call leaves everything as it was.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WrongThreadTest {

    private static final String REFUSED = "Non-thread-safe operation";

    /** Runs {@code op} on another thread while the loop runs; returns the start of its error message, or "ran". */
    private static String offLoop(Runnable op) {
        return toThread(() -> {
            try {
                op.run();
                return "ran";
            } catch (IllegalStateException e) {
                String m = String.valueOf(e.getMessage());
                return m.startsWith(REFUSED) ? REFUSED : m;
            }
        });
    }

    @Test
    void aFutureSetFromAnotherThreadIsLeftPendingAndItsTaskCanStillFinish() {
        String r = run(() -> {
            Future<Object> f = getRunningLoop().createFuture();
            Task<Object> waiter = createTask(() -> await(f));
            sleep(0);
            assertEquals(REFUSED, offLoop(() -> f.setResult("from thread")));
            assertFalse(f.done(), "the refused setResult left the future pending");
            sleep(0);
            assertFalse(waiter.done());
            f.setResult("from the loop");
            return (String) await(waiter);
        }, Options.virtual());
        assertEquals("from the loop", r);
    }

    @Test
    void futuresTasksAndTimersRefuseEveryChange() {
        run(() -> {
            EventLoop loop = getRunningLoop();
            Future<Object> f = loop.createFuture();
            List<String> calls = new ArrayList<>();
            java.util.function.Consumer<Future<Object>> cb = x -> calls.add("callback");
            f.addDoneCallback(cb);
            assertEquals(REFUSED, offLoop(() -> f.setException(new RuntimeException())));
            assertEquals(REFUSED, offLoop(() -> f.cancel()));
            assertEquals(REFUSED, offLoop(() -> f.cancel("msg")));
            assertEquals(REFUSED, offLoop(() -> f.addDoneCallback(x -> calls.add("added off the loop"))));
            assertEquals(REFUSED, offLoop(() -> f.removeDoneCallback(cb)));
            assertFalse(f.done());

            Task<Object> t = createTask(() -> sleep(10, "slept"));
            sleep(0);
            assertEquals(REFUSED, offLoop(() -> t.cancel()));
            assertEquals(0, t.cancelling());
            assertEquals(REFUSED, offLoop(() -> t.uncancel()));

            var outer = gather(t);
            assertEquals(REFUSED, offLoop(() -> outer.cancel()));

            TimerHandle h = loop.callLater(1, () -> calls.add("timer"));
            assertEquals(REFUSED, offLoop(h::cancel));
            assertFalse(h.cancelled());

            f.setResult(1);
            sleep(0);
            assertEquals(List.of("callback"), calls);
            assertEquals(List.of("slept"), await(outer));
            assertFalse(t.cancelled());
            assertEquals(List.of("callback", "timer"), calls);
        }, Options.virtual());
    }

    @Test
    void locksEventsSemaphoresConditionsAndQueuesRefuseEveryChange() {
        run(() -> {
            // Each is bound to the loop by a task waiting on it.
            Lock lock = new Lock();
            lock.acquire();
            Task<Object> lockWaiter = createTask(() -> {
                lock.acquire();
                return "got the lock";
            });
            Event event = new Event();
            Task<Object> eventWaiter = createTask(() -> {
                event.await();
                return "event set";
            });
            Semaphore sem = new Semaphore(0);
            Task<Object> semWaiter = createTask(() -> {
                sem.acquire();
                return "got the semaphore";
            });
            BoundedSemaphore bounded = new BoundedSemaphore(1);
            bounded.acquire();
            Task<Object> boundedWaiter = createTask(() -> {
                bounded.acquire();
                return "got the bounded semaphore";
            });
            Condition cond = new Condition();
            Task<Object> condWaiter = createTask(() -> {
                try (var held = cond.hold()) {
                    cond.await();
                    return "signalled";
                }
            });
            Queue<String> queue = new Queue<>(1);
            Task<String> getter = createTask(() -> queue.get());
            sleep(0);

            assertEquals(REFUSED, offLoop(lock::release));
            assertEquals(REFUSED, offLoop(lock::acquire));
            assertTrue(lock.locked());
            assertEquals(REFUSED, offLoop(event::set));
            assertEquals(REFUSED, offLoop(event::clear));
            assertFalse(event.isSet());
            assertEquals(REFUSED, offLoop(sem::release));
            assertEquals(REFUSED, offLoop(bounded::release));
            assertEquals("<Semaphore [locked, waiters:1]>", sem.toString());
            assertEquals("<BoundedSemaphore [locked, waiters:1]>", bounded.toString());
            assertEquals(REFUSED, offLoop(cond::acquire));
            assertEquals(REFUSED, offLoop(cond::signal));
            assertFalse(cond.locked());
            assertEquals(REFUSED, offLoop(() -> queue.putNowait("off the loop")));
            assertEquals(REFUSED, offLoop(queue::shutdown));
            assertEquals(0, queue.qsize());
            sleep(0);
            for (Task<?> t : List.of(lockWaiter, eventWaiter, semWaiter, boundedWaiter, condWaiter, getter)) {
                assertFalse(t.done(), t + " is still waiting");
            }

            lock.release();
            event.set();
            sem.release();
            bounded.release();
            queue.putNowait("from the loop");
            sleep(0);
            try (var held = cond.hold()) {
                cond.signal();
            }
            assertEquals(List.of("got the lock", "event set", "got the semaphore", "got the bounded semaphore",
                    "signalled", "from the loop"),
                    await(gather(lockWaiter, eventWaiter, semWaiter, boundedWaiter, condWaiter, getter)));
        }, Options.virtual());
    }

    @Test
    void streamsAndServersRefuseEveryChange() {
        run(() -> {
            StreamReader standalone = new StreamReader();
            Task<String> reading = createTask(() -> standalone.readString(5));
            sleep(0);
            assertEquals(REFUSED, offLoop(() -> standalone.feedData("hello".getBytes())));
            assertEquals(REFUSED, offLoop(standalone::feedEof));
            assertEquals(REFUSED, offLoop(() -> standalone.setException(new RuntimeException())));
            assertFalse(reading.done());
            standalone.feedData("hello".getBytes());
            assertEquals("hello", await(reading));

            try (Server server = startServer((reader, writer) -> {
                writer.write(reader.readlineString().toUpperCase());
                writer.drain();
            }, "127.0.0.1", 0)) {
                int port = server.sockets().get(0).getsockname().port();
                Connection c = openConnection("127.0.0.1", port);
                assertEquals(REFUSED, offLoop(() -> c.writer().write("off the loop\n")));
                assertEquals(REFUSED, offLoop(c.writer()::writeEof));
                assertEquals(REFUSED, offLoop(c.writer()::close));
                assertFalse(c.writer().isClosing());
                assertEquals(REFUSED, offLoop(server::close));
                assertEquals(REFUSED, offLoop(server::closeClients));
                assertEquals(REFUSED, offLoop(server::abortClients));
                assertTrue(server.isServing());
                c.writer().write("from the loop\n");
                assertEquals("FROM THE LOOP\n", c.reader().readlineString());
                c.writer().close();
                c.writer().waitClosed();
            }
        });
    }
}
