package aio;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A mapping of {@link ContextVar}s to values: Python's {@code contextvars.Context} (PEP 567).
 * Every thread runs in a current context; {@link #run} makes this one current for the time of a
 * call. Each task runs its steps in its own context ({@link Task#getContext()}), a copy of the
 * context it was created in unless one is given to {@code createTask}; a callback scheduled
 * with {@code callSoon}, {@code callLater}, {@code callAt} or {@code addDoneCallback} runs in a
 * copy of the context it was scheduled in, so what it sets is not seen by the task that
 * scheduled it. {@link Aio#toThread} runs its function in a copy of the caller's context.
 *
 * <p>The mapping itself is immutable: {@link ContextVar#set} replaces the current context's
 * mapping with a changed copy, so {@link #copyContext()} costs one small object. It is a
 * copy-on-write array rather than CPython's HAMT: a get or set costs O(number of variables set),
 * meant for the handful of variables a program uses.
 *
 * <p>Differences from Python: a context compares equal to another with the same mapping, as a
 * Python mapping does; {@code ctx[var]} has no equivalent ({@link #get(ContextVar)} returns null
 * for a variable not set here, see {@link #contains}). Inside a task, the call given to
 * {@link #run} may await (a Python {@code ctx.run} runs synchronous code only): the context stays
 * entered, and current for that task, until the call returns.
 */
public final class Context implements Iterable<ContextVar<?>> {
    /** What a thread runs in now. The loop swaps {@code current} for each callback and task step. */
    static final class Slot {
        Context current = new Context(VarMap.EMPTY);
        /**
         * The thread's stand-in for an empty context that nobody has asked for yet: a task or a
         * callback in an empty copy of an empty context (nearly all of them) runs in this one,
         * so that a million tasks do not hold a million empty contexts. The first
         * {@link ContextVar#set} in it, or {@code Task.getContext()}, makes the real one
         * ({@link #materialize}).
         */
        final Context blank = new Context(VarMap.EMPTY);
        /** The task running in {@link #blank} now, which gets the real context; null for a callback. */
        Task<?> blankTask;

        /**
         * Enters the stand-in for {@code task} (null: a callback); returns the context it
         * replaces. Null when the stand-in is in use already (an eager task started inside a
         * step): the caller then makes a real context.
         */
        Context enterBlank(Task<?> task) {
            if (blank.entered) {
                return null;
            }
            Context outer = blank.enter(this);
            blankTask = task;
            return outer;
        }

        /**
         * The stand-in, entered now, becomes a real empty context: entered in its place (and
         * current, if the stand-in is, {@code current}), and the running task's own from now
         * on. Returns it.
         */
        Context materialize(boolean current) {
            Context own = new Context(VarMap.EMPTY);
            own.entered = true;
            blank.entered = false;
            if (current) {
                this.current = own;
            }
            Task<?> task = blankTask;
            blankTask = null;
            if (task != null) {
                task.adoptContext(own);
            }
            return own;
        }

        /** The current context, a real one: the stand-in is made real first. */
        Context currentMaterialized() {
            return current == blank ? materialize(true) : current;
        }
    }

    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::new);

    /** Replaced, never changed, by {@link ContextVar#set} and {@link ContextVar#reset}. */
    VarMap vars;
    /** Current on some thread's stack, through {@link #run}, a task step or a callback. */
    private boolean entered;

    /** An empty context (Python's {@code contextvars.Context()}). */
    public Context() {
        this(VarMap.EMPTY);
    }

    private Context(VarMap vars) {
        this.vars = vars;
    }

    /** A copy of the calling thread's current context (Python's {@code contextvars.copy_context()}). */
    public static Context copyContext() {
        return new Context(SLOT.get().current.vars);
    }

    /**
     * {@link #copyContext()}, or null when the current context is empty: a caller that keeps
     * the copy for later can then make an empty one only when it is needed.
     */
    static Context copyContextUnlessEmpty() {
        return copyContextUnlessEmpty(SLOT.get());
    }

    /** {@link #copyContextUnlessEmpty()} of the thread whose slot this is. */
    static Context copyContextUnlessEmpty(Slot slot) {
        VarMap vars = slot.current.vars;
        return vars.size() == 0 ? null : new Context(vars);
    }

    /** A copy of this context: the same mapping, changed independently from now on. */
    public Context copy() {
        return new Context(vars);
    }

    static Slot slot() {
        return SLOT.get();
    }

    /** The context the calling thread runs in now (not a copy). */
    static Context current() {
        return SLOT.get().current;
    }

    /**
     * Calls {@code fn} with this context as the current one, and returns its result; variables
     * it sets are set in this context. Raises IllegalStateException (Python's RuntimeError) if
     * this context is already entered, here or on another thread.
     */
    public <T> T run(Coro<T> fn) {
        Slot slot = SLOT.get();
        Context outer = enter(slot);
        try {
            return fn.call();
        } catch (Exception e) {
            throw Aio.sneaky(e);
        } finally {
            exit(slot, outer);
        }
    }

    /** {@link #run(Coro)} for a call with no result. */
    public void run(VoidCoro fn) {
        Slot slot = SLOT.get();
        Context outer = enter(slot);
        try {
            fn.run();
        } catch (Exception e) {
            throw Aio.sneaky(e);
        } finally {
            exit(slot, outer);
        }
    }

    /** Makes this context current on {@code slot}'s thread; returns the one it replaces. */
    Context enter(Slot slot) {
        if (entered) {
            throw new IllegalStateException("cannot enter context: " + this + " is already entered");
        }
        entered = true;
        Context outer = slot.current;
        slot.current = this;
        return outer;
    }

    boolean isEntered() {
        return entered;
    }

    /** Undoes {@link #enter}. */
    void exit(Slot slot, Context outer) {
        entered = false;
        slot.current = outer;
        if (this == slot.blank) {
            slot.blankTask = null;
        }
    }

    /** The value of {@code var} in this context, or null if it has none here (its default is not used). */
    public <T> T get(ContextVar<T> var) {
        return get(var, null);
    }

    /** The value of {@code var} in this context, or {@code fallback} if it has none here. */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var, T fallback) {
        return (T) vars.get(checked(var), fallback);
    }

    /** True if {@code var} has a value in this context. */
    public boolean contains(ContextVar<?> var) {
        return vars.contains(checked(var));
    }

    /** How many variables have a value in this context. */
    public int size() {
        return vars.size();
    }

    /** The variables and their values, in the order they were first set: an unmodifiable snapshot. */
    public Map<ContextVar<?>, Object> asMap() {
        VarMap m = vars;
        Map<ContextVar<?>, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < m.size(); i++) {
            out.put(m.keyAt(i), m.valueAt(i));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The variables that have a value in this context (a snapshot). */
    @Override
    public Iterator<ContextVar<?>> iterator() {
        VarMap m = vars;
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < m.size();
            }

            @Override
            public ContextVar<?> next() {
                if (i >= m.size()) {
                    throw new NoSuchElementException();
                }
                return m.keyAt(i++);
            }
        };
    }

    private static ContextVar<?> checked(ContextVar<?> var) {
        if (var == null) {
            throw new NullPointerException("ContextVar key was expected, got null");
        }
        return var;
    }

    /** Equal to a context with the same variables and equal values, as Python mappings compare. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Context c && (c == this || asMap().equals(c.asMap()));
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return "<Context object at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
