package lecture;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * How many clients the process's file-descriptor limit leaves room for, each client holding
 * one descriptor (its socket): the limit, minus the descriptors open for anything else (the
 * JVM's own files, the listening socket, the selector), minus a {@linkplain #reserve reserve}.
 * A server that stops there refuses the next clients itself, instead of letting accept() run
 * out of descriptors.
 *
 * <p>Cheap to ask: counting the open descriptors means reading them all (/proc/self/fd on
 * Linux), so the budget counts them when it is made and then only when the clients reach the
 * room it last found, at most once per {@link #RECOUNT_INTERVAL}. In between it assumes that
 * only clients open and close descriptors. Not thread-safe: use it on the server's loop.
 */
final class DescriptorBudget {
    /** At the room, the open descriptors are counted again at most this often, in seconds. */
    static final double RECOUNT_INTERVAL = 0.5;

    private final LongSupplier limit;
    private final LongSupplier open;
    /** The limit at the last count; -1 if unknown. */
    private long lastLimit = -1;
    /** How many clients fit, as of the last count. */
    private int room = Integer.MAX_VALUE;
    /** When the last count was, in seconds. */
    private double lastCount = Double.NEGATIVE_INFINITY;

    /**
     * A budget over {@code limit} descriptors with {@code open} of them in use (either -1 when
     * unknown), counted now with {@code clients} clients connected at time {@code now}.
     */
    DescriptorBudget(LongSupplier limit, LongSupplier open, int clients, double now) {
        this.limit = limit;
        this.open = open;
        count(clients, now);
    }

    /**
     * This process's budget (no limit where the JVM cannot count descriptors, as on Windows).
     * The first in a JVM takes some 50 ms: the JVM's management classes and library load.
     */
    static DescriptorBudget ofThisProcess(double now) {
        UnixOperatingSystemMXBean os = unixBean();
        if (os == null) {
            return new DescriptorBudget(() -> -1, () -> -1, 0, now);
        }
        return new DescriptorBudget(os::getMaxFileDescriptorCount, () -> openCount(os), 0, now);
    }

    /**
     * At most how many clients may be connected, {@code clients} being connected at time
     * {@code now} (seconds, any origin); Integer.MAX_VALUE when the limit is unknown.
     */
    int room(int clients, double now) {
        if (clients >= room && now - lastCount >= RECOUNT_INTERVAL) {
            count(clients, now); // other descriptors may have closed since
        }
        return room;
    }

    /** The limit as of the last count, -1 if unknown. */
    long limit() {
        return lastLimit;
    }

    /**
     * Descriptors kept free: for clients accepted only to be refused (a burst of them is open
     * at once, up to a backlog's worth), and for the JVM's own needs (loading a class from a
     * directory opens its file). An eighth of the limit, at least 16 and at most 128.
     */
    static long reserve(long limit) {
        return Math.max(16, Math.min(128, limit / 8));
    }

    private void count(int clients, double now) {
        lastCount = now;
        long max = limit.getAsLong();
        long inUse = open.getAsLong();
        if (max <= 0 || inUse < 0) {
            return; // unknown: keep what the last count found
        }
        lastLimit = max;
        long others = Math.max(0, inUse - clients);
        room = (int) Math.max(0, Math.min(Integer.MAX_VALUE, max - others - reserve(max)));
    }

    private static UnixOperatingSystemMXBean unixBean() {
        try {
            return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u ? u : null;
        } catch (LinkageError | RuntimeException e) {
            return null; // a runtime without jdk.management
        }
    }

    /** The open descriptors, or -1 when they cannot be counted. */
    private static long openCount(UnixOperatingSystemMXBean os) {
        try {
            return os.getOpenFileDescriptorCount();
        } catch (InternalError e) {
            return -1; // Linux: no descriptor left to read /proc/self/fd with
        }
    }
}
