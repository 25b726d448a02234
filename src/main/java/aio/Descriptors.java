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

    /**
     * The limit now (the soft RLIMIT_NOFILE; one system call), or -1 if unknown. The first call
     * in a JVM takes some 50 ms (the JVM's management classes and native library load), so
     * servers make it when they start: at the limit itself the library could not be opened.
     */
    static long limit() {
        UnixOperatingSystemMXBean os = Holder.OS;
        return os == null ? -1 : os.getMaxFileDescriptorCount();
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
