package dev.autolog.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers computed from the store index, kept for as long as its snapshot is the same object (a refresh that sees
 * a change swaps it), so that the pages, re-polls and views of one query filter and sort the runs once. A store
 * without an index is read afresh every time. The least recently used answers beyond {@link #KEPT} are dropped.
 */
final class SnapshotMemo {
    static final int KEPT = 32;

    private final Store store;
    private final Map<List<?>, Object> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<?>, Object> eldest) {
            return size() > KEPT;
        }
    };
    private StoreIndex.Snapshot keptFor;

    SnapshotMemo(Store store) {
        this.store = store;
    }

    /** Computed outside the lock: two requests may compute the same answer at once, neither waits for the other. */
    @SuppressWarnings("unchecked")
    <T> T get(List<?> key, Supplier<T> compute) {
        if (store.index() == null) {
            return compute.get();
        }
        StoreIndex.Snapshot snapshot = store.index().snapshot();
        synchronized (this) {
            if (keptFor != snapshot) {
                kept.clear();
                keptFor = snapshot;
            }
            Object known = kept.get(key);
            if (known != null) {
                return (T) known;
            }
        }
        T answer = compute.get();
        synchronized (this) {
            if (keptFor == snapshot) {
                kept.put(key, answer);
            }
        }
        return answer;
    }
}
