package tutor.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The agent's end of the signal channel: one line a signal from the console, answered on the
 * same socket. It has its own thread, so it works while JShell's channel is waiting for a
 * snippet, and while the loop's thread is stuck.
 * <ul>
 *   <li>{@code stop} (Ctrl-C): stop what the console waits for, see {@link LoopExecutionControl#stop()};</li>
 *   <li>{@code detach} (a second Ctrl-C): stop waiting for it and leave it running, when the
 *       loop is free; answers {@code detached}, or {@code blocked WHAT} when it is not;</li>
 *   <li>{@code ping}: answers {@code alive} when the loop runs a callback within
 *       {@link LoopWatch#RESPONSIVE_MILLIS}, else {@code blocked WHAT}.</li>
 * </ul>
 * The agent may also say {@code dying WHY} on its own, just before it ends. When the socket
 * ends, the console is gone, and so is the agent.
 */
final class Signals extends Thread {
    private final Socket socket;
    private final OutputStream out;
    private final LoopExecutionControl control;
    private final Agent.Shutdown shutdown;

    Signals(Socket socket, LoopExecutionControl control, Agent.Shutdown shutdown) throws IOException {
        super("aio-agent-signals");
        setDaemon(true);
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.control = control;
        this.shutdown = shutdown;
    }

    @Override
    public void run() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                switch (line) {
                    case "stop" -> control.stop();
                    case "detach" -> {
                        String blocked = control.watch().blocked();
                        if (blocked == null) {
                            control.detach();
                            send("detached");
                        } else {
                            send("blocked " + blocked);
                        }
                    }
                    case "ping" -> {
                        String blocked = control.watch().blocked();
                        send(blocked == null ? "alive" : "blocked " + blocked);
                    }
                    default -> { } // from a newer console: ignore
                }
            }
        } catch (IOException e) {
            // the console is gone
        }
        shutdown.now(0);
    }

    /** Sends one line to the console; false if it is gone. Any thread. */
    synchronized boolean send(String line) {
        try {
            out.write((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
