package lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** How many clients a descriptor limit leaves room for, and how seldom the budget counts. */
class DescriptorBudgetTest {
    private final AtomicLong open = new AtomicLong();
    private final AtomicInteger counts = new AtomicInteger();

    private DescriptorBudget budget(long limit, long openNow, double now) {
        open.set(openNow);
        return new DescriptorBudget(() -> limit, () -> {
            counts.incrementAndGet();
            return open.get();
        }, 0, now);
    }

    @Test
    void theRoomIsTheLimitLessOtherDescriptorsLessTheReserve() {
        DescriptorBudget b = budget(64, 14, 0);
        assertEquals(64 - 14 - 16, b.room(0, 0));
        assertEquals(64, b.limit());
    }

    @Test
    void theReserveIsAnEighthOfTheLimitWithinBounds() {
        assertEquals(16, DescriptorBudget.reserve(64));
        assertEquals(25, DescriptorBudget.reserve(200));
        assertEquals(128, DescriptorBudget.reserve(1024));
        assertEquals(128, DescriptorBudget.reserve(1_048_576));
    }

    @Test
    void belowTheRoomNothingIsCounted() {
        DescriptorBudget b = budget(1024, 20, 0);
        int before = counts.get();
        for (int clients = 0; clients < 800; clients++) {
            b.room(clients, clients); // time passes, too
        }
        assertEquals(before, counts.get());
    }

    @Test
    void atTheRoomTheBudgetCountsAgainAtMostEveryHalfSecond() {
        DescriptorBudget b = budget(64, 30, 0); // 16 other descriptors open at the start, say for a moment
        int room = b.room(0, 0);
        assertEquals(64 - 30 - 16, room);
        open.set(14 + room); // the other descriptors went down to 14; room clients are connected
        int before = counts.get();
        assertEquals(room, b.room(room, 0.1), "counted less than half a second ago");
        assertEquals(before, counts.get());
        assertEquals(64 - 14 - 16, b.room(room, 0.6));
        assertEquals(before + 1, counts.get());
    }

    @Test
    void anUnknownLimitOrCountLeavesRoomForAny() {
        assertEquals(Integer.MAX_VALUE, budget(-1, 10, 0).room(5, 0));
        DescriptorBudget unknownCount = budget(64, -1, 0);
        assertEquals(Integer.MAX_VALUE, unknownCount.room(5, 0));
        assertEquals(-1, unknownCount.limit());
    }

    @Test
    void aCountThatFailsAtTheLimitKeepsTheLastRoom() {
        DescriptorBudget b = budget(64, 14, 0);
        int room = b.room(0, 0);
        open.set(-1); // no descriptor left to count with
        assertEquals(room, b.room(room, 10));
    }

    @Test
    void thisProcessHasABudget() {
        DescriptorBudget b = DescriptorBudget.ofThisProcess(0);
        assertTrue(b.room(0, 0) > 0);
    }
}
