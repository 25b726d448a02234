package aio;

/**
 * A variable whose value depends on the {@link Context} it is read in: Python's
 * {@code contextvars.ContextVar} (PEP 567). Each task sees the values of the context it was
 * created in, and what it sets is seen by itself and the tasks it creates afterwards, never by
 * its creator or siblings:
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST = new ContextVar<>("request", "none");
 * REQUEST.set("GET /");
 * createTask(() -> log(REQUEST.get()));   // "GET /", whatever the creator sets later
 * }</pre>
 *
 * Variables are compared by identity; create them once (a static field), not per call, as in
 * Python. A null value is a value: {@code set(null)} makes {@code get()} return null.
 */
public final class ContextVar<T> {
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable with no default: {@link #get()} raises {@link LookupError} until it is set. */
    public ContextVar(String name) {
        this(NO_DEFAULT, name);
    }

    /** A variable whose {@link #get()} returns {@code defaultValue} where it is not set. */
    public ContextVar(String name, T defaultValue) {
        this((Object) defaultValue, name);
    }

    private ContextVar(Object defaultValue, String name) {
        if (name == null) {
            throw new NullPointerException("context variable name must be a str");
        }
        this.name = name;
        this.defaultValue = defaultValue;
    }

    /** The name given to the constructor (Python's read-only {@code name}). */
    public String name() {
        return name;
    }

    /**
     * The value in the current context; else the variable's default; else raises
     * {@link LookupError}.
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Context.current().vars.get(this, NO_DEFAULT);
        if (v == NO_DEFAULT) {
            v = defaultValue;
            if (v == NO_DEFAULT) {
                throw new LookupError(toString());
            }
        }
        return (T) v;
    }

    /** The value in the current context, or {@code fallback} if it has none there (the variable's default is not used). */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        return (T) Context.current().vars.get(this, fallback);
    }

    /** Sets the value in the current context; the token puts the previous one back (see {@link #reset}). */
    public Token<T> set(T value) {
        Context ctx = Context.slot().currentMaterialized();
        VarMap vars = ctx.vars;
        Token<T> token = new Token<>(ctx, this, vars.get(this, Token.MISSING));
        ctx.vars = vars.with(this, value);
        return token;
    }

    /**
     * Puts back the value the variable had before the {@link #set} that returned {@code token}
     * (or unsets it). Raises IllegalStateException if the token was used already, and
     * IllegalArgumentException if it was made by another variable or in another context (as
     * Python's RuntimeError and ValueError).
     */
    public void reset(Token<T> token) {
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var() != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        Context ctx = Context.slot().currentMaterialized();
        if (token.context() != ctx) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        ctx.vars = token.oldValue() == Token.MISSING ? ctx.vars.without(this) : ctx.vars.with(this, token.oldValue());
        token.used = true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<ContextVar name=").append(Aio.repr(name));
        if (defaultValue != NO_DEFAULT) {
            sb.append(" default=").append(Aio.repr(defaultValue));
        }
        return sb.append(" at 0x").append(Integer.toHexString(System.identityHashCode(this))).append('>').toString();
    }
}
