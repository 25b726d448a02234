package aio;

import java.util.Arrays;

/**
 * The immutable mapping behind a {@link Context}: context variables (compared by identity) to
 * their values. A change returns a new map and leaves this one as it was, so copying a context
 * is copying one reference. Copy-on-write of two small arrays rather than CPython's HAMT: a get
 * or a set costs O(n) in the number of variables set, which for the handful of variables a
 * program uses is cheaper than hashing.
 */
final class VarMap {
    static final VarMap EMPTY = new VarMap(new ContextVar<?>[0], new Object[0]);

    private final ContextVar<?>[] keys;
    private final Object[] values;

    private VarMap(ContextVar<?>[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    int size() {
        return keys.length;
    }

    private int indexOf(ContextVar<?> var) {
        ContextVar<?>[] k = keys;
        for (int i = 0; i < k.length; i++) {
            if (k[i] == var) {
                return i;
            }
        }
        return -1;
    }

    boolean contains(ContextVar<?> var) {
        return indexOf(var) >= 0;
    }

    /** The value of {@code var}, or {@code missing} if it has none here. */
    Object get(ContextVar<?> var, Object missing) {
        int i = indexOf(var);
        return i < 0 ? missing : values[i];
    }

    /** This map with {@code var} set to {@code value}. */
    VarMap with(ContextVar<?> var, Object value) {
        int i = indexOf(var);
        if (i >= 0) {
            if (values[i] == value) {
                return this;
            }
            Object[] v = values.clone();
            v[i] = value;
            return new VarMap(keys, v);
        }
        ContextVar<?>[] k = Arrays.copyOf(keys, keys.length + 1);
        Object[] v = Arrays.copyOf(values, values.length + 1);
        k[keys.length] = var;
        v[values.length] = value;
        return new VarMap(k, v);
    }

    /** This map without {@code var}. */
    VarMap without(ContextVar<?> var) {
        int i = indexOf(var);
        if (i < 0) {
            return this;
        }
        if (keys.length == 1) {
            return EMPTY;
        }
        ContextVar<?>[] k = new ContextVar<?>[keys.length - 1];
        Object[] v = new Object[values.length - 1];
        System.arraycopy(keys, 0, k, 0, i);
        System.arraycopy(keys, i + 1, k, i, keys.length - i - 1);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(values, i + 1, v, i, values.length - i - 1);
        return new VarMap(k, v);
    }

    ContextVar<?> keyAt(int i) {
        return keys[i];
    }

    Object valueAt(int i) {
        return values[i];
    }
}
