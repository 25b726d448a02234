package aio.tutor;

import aio.tutor.agent.Request;

import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jdk.jshell.execution.StreamingExecutionControl;

/**
 * JShell's end of the agent's channel, in the console: JShell's own commands (load the
 * compiled classes, invoke a snippet, read a variable) plus the console's {@link Request}s,
 * over one stream. Ctrl-C cannot wait behind a running snippet on that stream, so
 * {@link #stop()} goes over the agent's signal channel instead.
 *
 * <p>No call but a snippet's own run may hang the console: each has a deadline, past which the
 * agent is ended (the call then fails, and the console starts a fresh agent). A snippet may
 * run as long as it likes; Ctrl-C is the learner's way to end it.
 */
final class AgentControl extends StreamingExecutionControl {
    /** JShell's housekeeping calls (load classes, read a variable) answer within this time or the agent is ended. */
    static final long HOUSEKEEPING_MILLIS = 15_000;
    /** A request answers within this time: the longest, :send, gives up after 30 s by itself. */
    static final long REQUEST_MILLIS = 45_000;

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aio-tutor-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final AgentProcess agent;
    /** True while a snippet runs in the agent (not while JShell compiles it). */
    private volatile boolean invoking;

    AgentControl(ObjectOutput out, ObjectInput in, AgentProcess agent) {
        super(out, in);
        this.agent = agent;
    }

    AgentProcess agent() {
        return agent;
    }

    boolean invoking() {
        return invoking;
    }

    /** A call that must answer in time, or the agent is ended with {@code reason}. */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws ExecutionControlException;
    }

    private <T> T within(long millis, String what, Call<T> call) throws ExecutionControlException {
        ScheduledFuture<?> deadline = DEADLINES.schedule(
                () -> agent.kill("it did not answer " + what + " within " + millis / 1000 + " s"), millis, TimeUnit.MILLISECONDS);
        try {
            return call.run();
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            within(HOUSEKEEPING_MILLIS, "when loading a snippet", () -> {
                super.load(cbcs);
                return null;
            });
        } catch (ClassInstallException | NotImplementedException | EngineTerminationException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new EngineTerminationException(e.getMessage());
        }
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            within(HOUSEKEEPING_MILLIS, "when replacing a snippet", () -> {
                super.redefine(cbcs);
                return null;
            });
        } catch (ClassInstallException | NotImplementedException | EngineTerminationException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new EngineTerminationException(e.getMessage());
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        try {
            return within(HOUSEKEEPING_MILLIS, "when showing " + varName, () -> super.varValue(className, varName));
        } catch (RunException | EngineTerminationException | InternalException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new InternalException(e.getMessage());
        }
    }

    @Override
    public String invoke(String className, String methodName) throws RunException, EngineTerminationException, InternalException {
        invoking = true;
        try {
            return super.invoke(className, methodName);
        } finally {
            invoking = false;
        }
    }

    /** Asks the agent for {@code request}; its result. Raises UserException with the one-line message when it fails. */
    Object request(Request request, Object arg) throws RunException, EngineTerminationException, InternalException {
        try {
            return within(REQUEST_MILLIS, "the console's " + request.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    () -> super.extensionCommand(request.name(), arg));
        } catch (RunException | EngineTerminationException | InternalException e) {
            throw e;
        } catch (ExecutionControlException e) {
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
        super.close();
        agent.close();
    }
}
