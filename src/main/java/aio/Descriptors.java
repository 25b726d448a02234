package aio;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * The process's file descriptors as the JVM reports them (com.sun.management's
 * UnixOperatingSystemMXBean): how many it may open and how many are open, for a {@link Server}
 * near the limit. Safe from any thread.
 */
final class Descriptors {
    private Descriptors() {
    }

    /** The JVM's view of the operating system; null where it has no descriptor counts (Windows, no jdk.management). */
    private static final class Holder {
        static final UnixOperatingSystemMXBean OS = find();

        private static UnixOperatingSystemMXBean find() {
            try {
                return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u ? u : null;
            } catch (LinkageError | RuntimeException e) {
                return null;
            }
        }
    }

    /** A limit read, and when (System.nanoTime). */
    private record Reading(long limit, long atNanos) {
    }

    /** How long a limit read is used again: a server asks at every accept, and the limit seldom changes. */
    static final long LIMIT_FRESH_NANOS = 1_000_000_000L;

    private static volatile Reading lastLimit;

    /**
     * The limit (the soft RLIMIT_NOFILE), or -1 if unknown: as read at most a second ago (a
     * system call, a microsecond and more, which a server would otherwise make at every accept).
     * The first call in a JVM takes some 50 ms (the JVM's management classes and native library
     * load), so servers make it when they start: at the limit itself the library could not be
     * opened.
     */
    static long limit() {
        Reading r = lastLimit;
        long now = System.nanoTime();
        if (r == null || now - r.atNanos() >= LIMIT_FRESH_NANOS) {
            return limitNow();
        }
        return r.limit();
    }

    /** The limit now, read afresh (one system call), or -1 if unknown. */
    static long limitNow() {
        UnixOperatingSystemMXBean os = Holder.OS;
        long limit = os == null ? -1 : os.getMaxFileDescriptorCount();
        lastLimit = new Reading(limit, System.nanoTime());
        return limit;
    }

    /**
     * How many descriptors are open, or -1 if unknown. Costly (Linux lists /proc/self/fd), and
     * fails (-1) when no descriptor is left to do it with.
     */
    static long open() {
        UnixOperatingSystemMXBean os = Holder.OS;
        try {
            return os == null ? -1 : os.getOpenFileDescriptorCount();
        } catch (InternalError e) {
            return -1; // "Unable to open directory /proc/self/fd"
        }
    }
}
