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

    /** The tags or params whose count is at {@code at}. */
    Map<String, String> texts(int at) {
        return new Texts(at);
    }

    /** The metrics whose count is at {@code at}. */
    Map<String, IndexedRun.IndexedMetric> metrics(int at) {
        return new Metrics(at);
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

    private final class Metrics extends DecodedOnUse<IndexedRun.IndexedMetric> {
        Metrics(int at) {
            super(at);
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
