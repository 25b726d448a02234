package aio;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@link EventLoop#addSignalHandler} and {@link EventLoop#removeSignalHandler}: asyncio's
 * unix_events.py signal handling, on {@code sun.misc.Signal} (module jdk.unsupported, which
 * the class path reads). The JVM runs a Java signal handler on a thread of its own; the one
 * installed here only hands the loop's callback to {@link EventLoop#callSoonThreadsafe}, as
 * asyncio's C-level handler only writes the signal number to the loop's self-pipe.
 *
 * <p>A signal's handler is process-wide, a loop's callbacks are not: the handler installed
 * here stays while any loop has a callback for the signal, and calls each such loop's. When
 * the last callback is removed, the handler that was there before (the JVM's: for SIGINT,
 * SIGTERM and SIGHUP, the one that runs the shutdown hooks) is put back.
 */
final class SignalHandlers {
    private SignalHandlers() {
    }

    /**
     * The signals this JVM can name, by number. sun.misc.Signal takes names only ("USR2") and
     * knows the POSIX ones; which exist, and their numbers, depend on the platform.
     */
    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    static {
        for (String name : List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
                "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
                "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS", "EMT", "INFO")) {
            try {
                NAMES.putIfAbsent(new Signal(name).getNumber(), name);
            } catch (IllegalArgumentException unknownHere) {
                // not a signal of this platform
            }
        }
    }

    /** A signal whose handler is installed here: the handler it replaced, and the loops with a callback for it. */
    private record Installed(Signal signal, SignalHandler previous, Set<EventLoop> loops) {
    }

    /** Guarded by the class. */
    private static final Map<Integer, Installed> INSTALLED = new LinkedHashMap<>();

    private static final SignalHandler DISPATCH = sig -> dispatch(sig.getNumber());

    /**
     * asyncio's {@code _check_signal}: the number of a signal, from a name ("USR2" or
     * "SIGUSR2", any case). Raises IllegalArgumentException (asyncio's ValueError) for a name
     * this JVM does not know.
     */
    static int number(String name) {
        Objects.requireNonNull(name, "sig must be a signal name or number, not null");
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        for (var e : NAMES.entrySet()) {
            if (e.getValue().equals(n)) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("invalid signal name '" + name + "'");
    }

    /** asyncio's {@code _check_signal}: raises IllegalArgumentException "invalid signal number N". */
    static Signal check(int signum) {
        String name = NAMES.get(signum);
        if (name == null) {
            throw new IllegalArgumentException("invalid signal number " + signum);
        }
        return new Signal(name);
    }

    /** See {@link EventLoop#addSignalHandler(int, Runnable)}. */
    static void add(EventLoop loop, int signum, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        Signal signal = check(signum);
        loop.checkNotClosed();
        loop.checkThread();
        synchronized (SignalHandlers.class) {
            Installed installed = INSTALLED.get(signum);
            if (installed == null) {
                SignalHandler previous;
                try {
                    previous = Signal.handle(signal, DISPATCH);
                } catch (IllegalArgumentException e) {
                    // "Signal already used by VM or OS": SIGKILL, SIGSTOP, and those the JVM keeps
                    throw new IllegalStateException("sig " + signum + " cannot be caught", e);
                }
                installed = new Installed(signal, previous, new LinkedHashSet<>());
                INSTALLED.put(signum, installed);
            }
            loop.signalHandlers.put(signum, callback);
            installed.loops().add(loop);
        }
    }

    /** See {@link EventLoop#removeSignalHandler(int)}. */
    static boolean remove(EventLoop loop, int signum) {
        check(signum);
        loop.checkThread();
        synchronized (SignalHandlers.class) {
            if (loop.signalHandlers.remove(signum) == null) {
                return false;
            }
            Installed installed = INSTALLED.get(signum);
            installed.loops().remove(loop);
            if (installed.loops().isEmpty()) {
                INSTALLED.remove(signum);
                Signal.handle(installed.signal(), installed.previous());
            }
            return true;
        }
    }

    /** On the JVM's signal thread: each loop with a callback for the signal runs it soon. */
    private static void dispatch(int signum) {
        List<EventLoop> loops;
        synchronized (SignalHandlers.class) {
            Installed installed = INSTALLED.get(signum);
            if (installed == null) {
                return; // removed meanwhile
            }
            loops = List.copyOf(installed.loops());
        }
        for (EventLoop loop : loops) {
            Runnable callback = loop.signalHandlers.get(signum);
            if (callback == null) {
                continue; // removed meanwhile
            }
            try {
                loop.callSoonThreadsafe(callback);
            } catch (IllegalStateException closed) {
                // the loop closed meanwhile; its close() removes its handlers
            }
        }
    }
}
