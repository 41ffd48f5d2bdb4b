package dev.autolog.hook;

/**
 * What an integration may run instead of the body of an instrumented {@code void} method, for work the agent itself
 * caused (a file it writes); like a {@link Hook} it lives in the agent's class loader and may throw, which
 * {@link Hooks} swallows and counts, letting the method's own body run.
 */
public interface Replacement {

    /** True when it did the method's work, so the body is skipped; false leaves the method to run as usual. */
    boolean replace(Object self, Object[] args) throws Throwable;
}
