package aio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Several exceptions raised together, as Python's {@code ExceptionGroup}: what a
 * {@link TaskGroup} raises when its tasks failed. Each is also attached as a suppressed
 * exception, so a printed stack trace shows them all.
 */
public class ExceptionGroup extends RuntimeException {
    private final List<Throwable> exceptions = new ArrayList<>();
    /** The group that raised this at an await inside its block (see {@link TaskGroup}), else null. */
    transient TaskGroup raisedBy;

    /** A group of {@code exceptions}, in that order. */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message, null, true, true);
        exceptions.forEach(this::add);
    }

    /** Appends {@code e} unless it is already there (a group raised early is completed later). */
    void add(Throwable e) {
        if (e != this && !exceptions.contains(e)) {
            exceptions.add(e);
            addSuppressed(e);
        }
    }

    /** The exceptions in the order they happened. */
    public List<Throwable> exceptions() {
        return Collections.unmodifiableList(exceptions);
    }

    @Override
    public String getMessage() {
        int n = exceptions.size();
        return super.getMessage() + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }
}
