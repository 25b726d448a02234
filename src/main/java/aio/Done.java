package aio;

import java.util.Set;

/**
 * What {@link Aio#wait} returns: the awaitables that finished (or were cancelled) and the ones
 * still pending, each in the order they were given.
 */
public record Done<T>(Set<Future<T>> done, Set<Future<T>> pending) {
}
