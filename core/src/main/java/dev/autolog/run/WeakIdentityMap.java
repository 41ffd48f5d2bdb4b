package dev.autolog.run;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A thread-safe map from objects, compared by identity and held weakly, to values. Models are the keys: a model
 * class may override {@code equals}, and tracking must never keep a user's model alive.
 */
public final class WeakIdentityMap<V> {
    private final Map<Key, V> entries = new HashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    public synchronized void put(Object key, V value) {
        expunge(null);
        entries.put(new Key(key, collected), value);
    }

    public synchronized V get(Object key) {
        return entries.get(new Key(key, null));
    }

    public synchronized V remove(Object key) {
        return entries.remove(new Key(key, null));
    }

    public synchronized int size() {
        expunge(null);
        return entries.size();
    }

    /** Removes the entries whose key was garbage-collected and returns their values. */
    public synchronized List<V> removeCollected() {
        List<V> values = new ArrayList<>();
        expunge(values);
        return values;
    }

    private void expunge(List<V> into) {
        for (Object ref; (ref = collected.poll()) != null; ) {
            V value = entries.remove(ref);
            if (into != null && value != null) {
                into.add(value);
            }
        }
    }

    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Key key) || key.hash != hash) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == key.get();
        }
    }
}
