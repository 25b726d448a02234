package aio;

import static aio.Aio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link PriorityQueue}: CPython's test_queues.py PriorityQueueTests (its join and shutdown
 * cases run in {@link QueueTest} for all three queue classes), plus the Java side: comparators,
 * natural ordering, and heapq's order for ties.
 */
class PriorityQueueTest {

    private static void runTest(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    record Job(int priority, String name) {
    }

    // test_queues.py: PriorityQueueTests.test_order
    @Test
    void smallestFirst() {
        runTest(() -> {
            var q = new PriorityQueue<Integer>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                items.add(q.get());
            }
            assertEquals(List.of(1, 2, 3), items);
        });
    }

    // Not in CPython: the Java spelling of (priority, data) tuples, a record and a comparator.
    @Test
    void comparatorOrdersTheItems() {
        var q = new PriorityQueue<Job>(Comparator.comparingInt(Job::priority));
        q.putNowait(new Job(3, "low"));
        q.putNowait(new Job(1, "urgent"));
        q.putNowait(new Job(2, "normal"));
        assertEquals("urgent", q.getNowait().name());
        assertEquals("normal", q.getNowait().name());
        assertEquals("low", q.getNowait().name());

        var largestFirst = new PriorityQueue<Integer>(Comparator.reverseOrder());
        for (int i : new int[] {5, 1, 9, 3}) {
            largestFirst.putNowait(i);
        }
        List<Integer> out = new ArrayList<>();
        while (!largestFirst.empty()) {
            out.add(largestFirst.getNowait());
        }
        assertEquals(List.of(9, 5, 3, 1), out);
    }

    // Not in CPython: the heap is heapq's algorithm, so items that compare equal come out in
    // the order CPython gives. Expected value computed with CPython's heapq: pushing
    // (1,a) (0,b) (1,c) (1,d) (0,e) (1,f) (0,g), compared by priority only, pops b g e f c a d.
    @Test
    void tiesComeOutInHeapqOrder() {
        var q = new PriorityQueue<Job>(Comparator.comparingInt(Job::priority));
        String[] names = {"a", "b", "c", "d", "e", "f", "g"};
        int[] priorities = {1, 0, 1, 1, 0, 1, 0};
        for (int i = 0; i < names.length; i++) {
            q.putNowait(new Job(priorities[i], names[i]));
        }
        StringBuilder order = new StringBuilder();
        while (!q.empty()) {
            order.append(q.getNowait().name());
        }
        assertEquals("bgefcad", order.toString());
    }

    // Not in CPython: many random items come out sorted (the heap invariant holds).
    @Test
    void manyItemsComeOutSorted() {
        var q = new PriorityQueue<Integer>();
        var random = new Random(42);
        List<Integer> put = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int v = random.nextInt(100);
            put.add(v);
            q.putNowait(v);
            if (i % 7 == 0) { // interleave some gets
                put.sort(null);
                assertEquals(put.remove(0), q.getNowait());
            }
        }
        put.sort(null);
        List<Integer> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait());
        }
        assertEquals(put, out);
    }

    // As Python's list(self._queue): the heap's own order.
    @Test
    void toStringShowsTheHeap() {
        var q = new PriorityQueue<Integer>();
        for (int i : new int[] {3, 1, 2}) {
            q.putNowait(i);
        }
        assertEquals("<PriorityQueue maxsize=0 _queue=[1, 3, 2] tasks=3>", q.toString());
    }

    // Not in CPython (where '<' not supported raises TypeError): without a comparator the
    // items must be Comparable and not null, and a refused item leaves the queue unchanged.
    @Test
    void naturalOrderingNeedsComparableItems() {
        var q = new PriorityQueue<Object>();
        q.putNowait(1);
        var e = assertThrows(ClassCastException.class, () -> q.putNowait(new Object()));
        assertTrue(e.getMessage().contains("give the PriorityQueue a Comparator"), e.getMessage());
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
        assertEquals(1, q.qsize());
        assertEquals(1, q.unfinishedTasks);

        // A comparator that orders nulls is allowed to see them.
        var withNulls = new PriorityQueue<String>(Comparator.nullsFirst(Comparator.naturalOrder()));
        withNulls.putNowait("b");
        withNulls.putNowait(null);
        withNulls.putNowait("a");
        assertNull(withNulls.getNowait());
        assertEquals("a", withNulls.getNowait());
    }

    // test_queues.py: QueueBasicTests.test_maxsize, for a PriorityQueue: put suspends while the
    // queue is full, and get still returns the smallest item.
    @Test
    void boundedPriorityQueueBackpressure() {
        runTest(() -> {
            var q = new PriorityQueue<Integer>(2);
            q.put(5);
            q.put(1);
            assertTrue(q.full());
            var putter = createTask(() -> q.put(3));
            sleep(0);
            assertFalse(putter.done());
            assertEquals(1, q.get());
            await(putter);
            assertEquals(3, q.get());
            assertEquals(5, q.get());
            assertThrows(QueueEmpty.class, q::getNowait);
        });
    }

    // Not in CPython: workers drain a priority queue in priority order, and join() sees it all.
    @Test
    void workersTakeTheMostUrgentFirst() {
        runTest(() -> {
            var q = new PriorityQueue<Job>(Comparator.comparingInt(Job::priority));
            List<String> handled = new ArrayList<>();
            q.putNowait(new Job(5, "e"));
            q.putNowait(new Job(2, "b"));
            q.putNowait(new Job(4, "d"));
            q.putNowait(new Job(1, "a"));
            q.putNowait(new Job(3, "c"));
            var worker = createTask(() -> {
                while (true) {
                    var job = q.get();
                    sleep(job.priority());
                    handled.add(job.name());
                    q.taskDone();
                }
            });
            q.join();
            worker.cancel();
            assertEquals(List.of("a", "b", "c", "d", "e"), handled);
            assertEquals(15.0, time());
        });
    }
}
