package aio;

/**
 * What {@link ContextVar#set} returns: the variable's value before the call, so that
 * {@link ContextVar#reset} can put it back (Python's {@code contextvars.Token}). A token can be
 * used once, in the context it was created in.
 */
public final class Token<T> {
    /** {@link #oldValue()} of a token whose variable had no value before the set (Python's {@code Token.MISSING}). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<Token.MISSING>";
        }
    };

    private final Context context;
    private final ContextVar<T> var;
    private final Object oldValue;
    boolean used;

    Token(Context context, ContextVar<T> var, Object oldValue) {
        this.context = context;
        this.var = var;
        this.oldValue = oldValue;
    }

    /** The variable this token was made by. */
    public ContextVar<T> var() {
        return var;
    }

    /** The value the variable had before the set, or {@link #MISSING}. */
    public Object oldValue() {
        return oldValue;
    }

    Context context() {
        return context;
    }

    @Override
    public String toString() {
        return "<Token" + (used ? " used" : "") + " var=" + var + " at 0x"
                + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
