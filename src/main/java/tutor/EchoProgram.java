package tutor;

import aio.Aio;
import aio.CancelledError;
import aio.EventLoop;
import lecture.ReverseEcho;
import lecture.ReverseEchoClient;
import lecture.ReverseEchoServer;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code --server} and {@code --client}: the lecture's reverse-echo program
 * ({@code sysprog_asyncio_stream.py}) on the command line, printing exactly what the Python
 * program prints. Network failures are one line on standard error and exit status
 * {@link Main#EX_NETWORK}; bad arguments are usage errors.
 */
final class EchoProgram {
    /** After Ctrl-C / SIGTERM, how long the server gets to stop before the JVM ends anyway. */
    private static final long STOP_GRACE_SECONDS = 10;

    private EchoProgram() {
    }

    /** --host H and --port P, and for --client its MESSAGE. */
    private record Arguments(String host, int port, String message) {
    }

    // ---- --server ---------------------------------------------------------

    /** {@code --server [--host H] [--port P]}: serves until Ctrl-C or SIGTERM, then exits 0. */
    static int server(String[] args, PrintStream out, PrintStream err) {
        return server(args, out, err, new CompletableFuture<>());
    }

    /**
     * {@link #server(String[], PrintStream, PrintStream)}, which also stops, as a signal would
     * stop it, when {@code stop} completes (a program that embeds the server, a test).
     */
    static int server(String[] args, PrintStream out, PrintStream err, CompletableFuture<Void> stop) {
        Arguments a = parse("--server", args, false, err);
        if (a == null) {
            return Main.EX_USAGE;
        }
        out.println("Starting the server...");
        if (!isLoopback(a.host())) {
            err.println(Main.PROGRAM + ": " + Messages.get("echo.not-loopback", a.host()));
        }
        ReverseEchoServer.Settings settings = ReverseEchoServer.Settings.defaults()
                .host(a.host()).port(a.port()).out(out::println).log(line -> err.println(Main.PROGRAM + ": " + line));
        Running running = new Running();
        Thread hook = new Thread(() -> running.onSignal(out, err), "aio-tutor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.thenRun(running::requestStop);
        int status = Main.EX_SOFTWARE;
        try {
            status = serve(settings, running, err);
            return status;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for finished() below
            }
            running.finished(status);
        }
    }

    private static int serve(ReverseEchoServer.Settings settings, Running running, PrintStream err) {
        try {
            Aio.run(() -> {
                ReverseEchoServer server = ReverseEchoServer.start(settings);
                try (server) {
                    if (running.started(Aio.getRunningLoop(), server)) {
                        server.serveForever();
                    }
                }
            });
            return Main.EX_OK;
        } catch (CancelledError stopped) {
            return Main.EX_OK; // serveForever ends this way when the server is stopped
        } catch (UncheckedIOException e) {
            err.println(Main.PROGRAM + ": " + ReverseEcho.cannotListen(settings.host(), settings.port(), e));
            return Main.EX_NETWORK;
        }
    }

    /**
     * One running server, seen from the threads that may stop it: the shutdown hook (Ctrl-C,
     * SIGTERM) and tests. They never touch the server directly, only through its loop's
     * callSoonThreadsafe.
     */
    private static final class Running {
        private volatile ReverseEchoServer server;
        private volatile EventLoop loop;
        private volatile boolean stopRequested;
        private volatile int status = Main.EX_SOFTWARE;
        private final CountDownLatch done = new CountDownLatch(1);

        /** On the loop: the server listens. Returns false if a stop came first (then serve nothing). */
        boolean started(EventLoop loop, ReverseEchoServer server) {
            this.server = server;
            this.loop = loop;
            return !stopRequested;
        }

        /** From any thread: stop the server; serveForever then ends and run() returns. */
        void requestStop() {
            stopRequested = true;
            EventLoop l = loop;
            if (l != null) {
                try {
                    l.callSoonThreadsafe(() -> server.stop());
                } catch (IllegalStateException closed) {
                    // the loop has ended already
                }
            }
        }

        void finished(int exitStatus) {
            status = exitStatus;
            done.countDown();
        }

        /**
         * The shutdown hook. The JVM would exit with 128 + the signal number once the hooks
         * are done; but the server stops cleanly, so its status (0) is the program's: the hook
         * ends the JVM with it (halt, as System.exit cannot be called during shutdown).
         */
        void onSignal(PrintStream out, PrintStream err) {
            requestStop();
            boolean stopped;
            try {
                stopped = done.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                stopped = false;
            }
            if (!stopped) {
                err.println(Main.PROGRAM + ": " + Messages.get("echo.stop-timeout", STOP_GRACE_SECONDS));
            }
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(stopped ? status : Main.EX_SOFTWARE);
        }
    }

    // ---- --client ---------------------------------------------------------

    /** {@code --client MESSAGE [--host H] [--port P]}: sends MESSAGE, prints the reply. */
    static int client(String[] args, PrintStream out, PrintStream err) {
        Arguments a = parse("--client", args, true, err);
        if (a == null) {
            return Main.EX_USAGE;
        }
        out.println("Starting the client...");
        try {
            Aio.run(() -> ReverseEchoClient.exchange(a.host(), a.port(), a.message(), out::println));
            return Main.EX_OK;
        } catch (ReverseEchoClient.Failed e) {
            err.println(Main.PROGRAM + ": " + (e.refused ? Messages.get("echo.refused", ClientFailure.say(e)) : ClientFailure.say(e)));
            return Main.EX_NETWORK;
        }
    }

    // ---- helpers ----------------------------------------------------------


    /** The arguments after the mode, or null after printing a usage error. */
    private static Arguments parse(String mode, String[] args, boolean wantsMessage, PrintStream err) {
        String host = ReverseEcho.HOST;
        int port = ReverseEcho.PORT;
        String message = null;
        int i = 0;
        if (wantsMessage) {
            if (args.length == 0) {
                return usage(err, Messages.get("echo.needs-message", mode));
            }
            message = args[i++];
        }
        while (i < args.length) {
            String option = args[i++];
            if (!option.equals("--host") && !option.equals("--port")) {
                if (option.startsWith("-")) {
                    return usage(err, Messages.get("echo.unknown-option", option, mode));
                }
                return usage(err, wantsMessage
                        ? Messages.get("echo.extra-message", mode, option)
                        : Messages.get("echo.unexpected-argument", option, mode));
            }
            if (i == args.length) {
                return usage(err, Messages.get("echo.needs-value", option));
            }
            String value = args[i++];
            if (option.equals("--host")) {
                if (value.isBlank()) {
                    return usage(err, Messages.get("echo.bad-host"));
                }
                host = value;
            } else {
                Integer p = ReverseEcho.port(value, true);
                if (p == null) {
                    return usage(err, Messages.get("echo.bad-port", value));
                }
                port = p;
            }
        }
        return new Arguments(host, port, message);
    }

    private static Arguments usage(PrintStream err, String what) {
        err.println(Main.PROGRAM + ": " + Messages.get("echo.usage-error", what));
        return null;
    }

    /** True for 127.0.0.1, ::1, "localhost": only this machine can connect. */
    private static boolean isLoopback(String host) {
        try {
            for (InetAddress ip : InetAddress.getAllByName(host)) {
                if (!ip.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
