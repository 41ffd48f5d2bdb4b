package dev.autolog.hook;

/**
 * What an integration runs around an instrumented method. Implementations live in the agent's class loader and
 * reach framework objects reflectively; they may throw, {@link Hooks} swallows and counts it.
 */
public interface Hook {

    /** Returns state handed back to {@link #exit}; {@code self} is null for static methods. */
    Object enter(Object self, Object[] args) throws Throwable;

    void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) throws Throwable;
}
