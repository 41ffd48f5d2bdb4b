package dev.autolog.cli;

import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tags, params and metrics of the runs of an {@link IndexCache} file, decoded from its bytes on first use: a
 * command that filters 100,000 runs on one metric then decodes that metric of each run, not maps of all their values
 * (which cost more to build and to keep than to read the file). The file's structure (counts, string numbers) is
 * checked whole when it is loaded, so decoding here cannot fail.
 */
final class CachedValues {
    /**
     * A metric's entry: key, file time, file size, read bytes, latest time, latest value, latest step, best value,
     * point count.
     */
    static final int METRIC_BYTES = Integer.BYTES + 7 * Long.BYTES + Integer.BYTES;
    /** A tag's or param's entry: key and value. */
    static final int TEXT_BYTES = 2 * Integer.BYTES;

    /** Read only at absolute positions, so threads can share it. */
    private final ByteBuffer entries;
    private final CacheStrings strings;
    private final Map<String, BestDirection> directions = new ConcurrentHashMap<>();

    CachedValues(ByteBuffer entries, CacheStrings strings) {
        this.entries = entries;
        this.strings = strings;
    }

    /**
     * A run's values whose counts are at {@code tagsAt}, {@code paramsAt} and {@code metricsAt}: one object per run
     * (its metrics' map), the tags' and params' maps made when first asked for.
     */
    IndexedRun.Values run(int tagsAt, int paramsAt, int metricsAt) {
        return new Metrics(metricsAt, tagsAt, paramsAt);
    }

    private abstract class DecodedOnUse<V> extends AbstractMap<String, V> {
        final int at;
        private volatile Map<String, V> decoded;

        DecodedOnUse(int at) {
            this.at = at;
        }

        abstract Map<String, V> decode();

        final Map<String, V> decoded() {
            Map<String, V> map = decoded;
            if (map == null) {
                map = Collections.unmodifiableMap(decode());
                decoded = map;
            }
            return map;
        }

        final boolean isDecoded() {
            return decoded != null;
        }

        @Override
        public Set<Entry<String, V>> entrySet() {
            return decoded().entrySet();
        }

        @Override
        public V get(Object key) {
            return decoded().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return decoded().containsKey(key);
        }

        @Override
        public int size() {
            return decoded().size();
        }

        /** The count written, which is the size unless a key is written twice. */
        final int count() {
            return entries.getInt(at);
        }
    }

    /** Key and value string numbers, written from a sorted map, so kept in that order. */
    private final class Texts extends DecodedOnUse<String> {
        Texts(int at) {
            super(at);
        }

        @Override
        Map<String, String> decode() {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0, p = at + Integer.BYTES; i < count(); i++, p += TEXT_BYTES) {
                out.put(strings.get(entries.getInt(p)), strings.get(entries.getInt(p + Integer.BYTES)));
            }
            return out;
        }
    }

    /**
     * A run's metrics, and the run's values: an index of 100,000 runs keeps one object per run for them, where three
     * maps would be three objects that every young collection of a new JVM copies.
     */
    private final class Metrics extends DecodedOnUse<IndexedRun.IndexedMetric> implements IndexedRun.Values {
        private final int tagsAt;
        private final int paramsAt;
        private volatile Texts tags;
        private volatile Texts params;

        Metrics(int at, int tagsAt, int paramsAt) {
            super(at);
            this.tagsAt = tagsAt;
            this.paramsAt = paramsAt;
        }

        /** Two threads may make two maps of the same tags at once; either is right. */
        @Override
        public Map<String, String> tags() {
            Texts t = tags;
            if (t == null) {
                t = new Texts(tagsAt);
                tags = t;
            }
            return t;
        }

        @Override
        public Map<String, String> params() {
            Texts p = params;
            if (p == null) {
                p = new Texts(paramsAt);
                params = p;
            }
            return p;
        }

        @Override
        public Map<String, IndexedRun.IndexedMetric> metrics() {
            return this;
        }

        @Override
        Map<String, IndexedRun.IndexedMetric> decode() {
            Map<String, IndexedRun.IndexedMetric> out = new LinkedHashMap<>();
            for (int i = 0, p = at + Integer.BYTES; i < count(); i++, p += METRIC_BYTES) {
                out.put(strings.get(entries.getInt(p)), metric(p));
            }
            return out;
        }

        /** The last metric {@link #get} decoded alone: a command's check, filter and order ask for the same one. */
        private volatile IndexedRun.IndexedMetric last;

        /** One metric, found without decoding the others: what a filter or an order asks of every run. */
        @Override
        public IndexedRun.IndexedMetric get(Object key) {
            if (isDecoded()) {
                return decoded().get(key);
            }
            IndexedRun.IndexedMetric seen = last;
            if (seen != null && seen.stats().key().equals(key)) {
                return seen;
            }
            for (int i = 0, p = at + Integer.BYTES; i < count(); i++, p += METRIC_BYTES) {
                if (strings.get(entries.getInt(p)).equals(key)) {
                    last = metric(p);
                    return last;
                }
            }
            return null;
        }

        private IndexedRun.IndexedMetric metric(int p) {
            String key = strings.get(entries.getInt(p));
            int v = p + Integer.BYTES;
            return new IndexedRun.IndexedMetric(entries.getLong(v), entries.getLong(v + 8), entries.getLong(v + 16),
                    entries.getLong(v + 24), new MetricStats(key, entries.getDouble(v + 32), entries.getLong(v + 40),
                    entries.getDouble(v + 48), directions.computeIfAbsent(key, BestDirection::of),
                    entries.getInt(v + 56)));
        }
    }
}
