package tutor;

import tutor.agent.Request;

import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jdk.jshell.execution.StreamingExecutionControl;
import jdk.jshell.spi.ExecutionControl;

/**
 * JShell's end of the agent, in the console: JShell's own commands (load the compiled classes,
 * invoke a snippet, read a variable) plus the console's {@link Request}s, over one stream to
 * the agent (the {@link Channel}, there once the agent has connected: JShell starts and
 * compiles its imports meanwhile). Ctrl-C cannot wait behind a running snippet on that stream,
 * so {@link #stop()} goes over the agent's signal channel instead.
 *
 * <p>No call but a snippet's own run may hang the console: each has a deadline, past which the
 * agent is ended (the call then fails, and the console starts a fresh agent). A snippet may
 * run as long as it likes; Ctrl-C is the learner's way to end it.
 */
final class AgentControl implements ExecutionControl {
    /** JShell's housekeeping calls (load classes, read a variable) answer within this time or the agent is ended. */
    static final long HOUSEKEEPING_MILLIS = 15_000;
    /** A request answers within this time: the longest, :send, gives up after 30 s by itself. */
    static final long REQUEST_MILLIS = 45_000;

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aio-tutor-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** The stream to the agent: JShell's protocol, and the requests as its extension commands. */
    static final class Channel extends StreamingExecutionControl {
        Channel(ObjectOutput out, ObjectInput in) {
            super(out, in);
        }
    }

    private final AgentProcess agent;
    private final CompletableFuture<Channel> channel;
    /** True while a snippet runs in the agent (not while JShell compiles it). */
    private volatile boolean invoking;

    AgentControl(AgentProcess agent, CompletableFuture<Channel> channel) {
        this.agent = agent;
        this.channel = channel;
    }

    boolean invoking() {
        return invoking;
    }

    /** The channel, once the agent has connected. */
    private Channel channel() throws EngineTerminationException {
        try {
            return channel.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw new EngineTerminationException(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineTerminationException(Messages.get("java.interrupted"));
        }
    }

    /** A call on the channel that must answer in time, or the agent is ended. */
    @FunctionalInterface
    private interface Call<T> {
        T run(Channel c) throws ExecutionControlException;
    }

    /** @param why why the agent is ended when it does not answer in time, given the seconds it had */
    private <T> T within(long millis, java.util.function.LongFunction<String> why, Call<T> call)
            throws ExecutionControlException {
        Channel c = channel();
        ScheduledFuture<?> deadline = DEADLINES.schedule(
                () -> agent.kill(why.apply(millis / 1000)), millis, TimeUnit.MILLISECONDS);
        try {
            return call.run(c);
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        install(seconds -> Messages.get("agent.no-answer.load", seconds), c -> {
            c.load(cbcs);
            return null;
        });
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        install(seconds -> Messages.get("agent.no-answer.replace", seconds), c -> {
            c.redefine(cbcs);
            return null;
        });
    }

    /** Loading or replacing classes, within the housekeeping deadline. */
    private void install(java.util.function.LongFunction<String> why, Call<Void> call)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            within(HOUSEKEEPING_MILLIS, why, call);
        } catch (ClassInstallException | NotImplementedException | EngineTerminationException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new EngineTerminationException(e.getMessage());
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        try {
            return within(HOUSEKEEPING_MILLIS, seconds -> Messages.get("agent.no-answer.show", varName, seconds),
                    c -> c.varValue(className, varName));
        } catch (RunException | EngineTerminationException | InternalException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new InternalException(e.getMessage());
        }
    }

    @Override
    public void addToClasspath(String path) throws EngineTerminationException, InternalException {
        channel().addToClasspath(path);
    }

    /** A snippet runs for as long as it likes: Ctrl-C ends it. */
    @Override
    public String invoke(String className, String methodName) throws RunException, EngineTerminationException, InternalException {
        Channel c = channel();
        invoking = true;
        try {
            return c.invoke(className, methodName);
        } finally {
            invoking = false;
        }
    }

    /** Asks the agent for {@code request}; its result. Raises UserException with the one-line message when it fails. */
    Object request(Request request, Object arg) throws ExecutionControlException {
        return within(REQUEST_MILLIS, seconds -> Messages.get("agent.no-answer.request",
                request.name().toLowerCase(Locale.ROOT).replace('_', '-'), seconds),
                c -> c.extensionCommand(request.name(), arg));
    }

    @Override
    public Object extensionCommand(String command, Object arg) throws RunException, EngineTerminationException, InternalException {
        try {
            return request(Request.valueOf(command), arg);
        } catch (RunException | EngineTerminationException | InternalException e) {
            throw e;
        } catch (ExecutionControlException | IllegalArgumentException e) {
            throw new InternalException(e.getMessage());
        }
    }

    /** Ctrl-C: over the signal channel, as JShell's channel may be waiting for the snippet. */
    @Override
    public void stop() {
        agent.signal("stop");
    }

    /** JShell is closing: tell the agent to leave, and make sure it does. */
    @Override
    public void close() {
        if (channel.isDone() && !channel.isCompletedExceptionally()) {
            channel.join().close();
        } else {
            channel.cancel(false);
            agent.kill(Messages.get("agent.closed-early"));
        }
        agent.close();
    }
}
