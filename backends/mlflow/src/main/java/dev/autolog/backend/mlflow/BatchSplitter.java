package dev.autolog.backend.mlflow;

import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs params, tags and metrics into as few {@code log-batch} requests as MLflow accepts (mlflow/utils/validation.py):
 * at most 1000 metrics, 100 params, 100 tags and 1000 entities per request, and well under the 1 MB request limit.
 * Order is kept: params and tags go first, then metric points in the order given.
 */
final class BatchSplitter {
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_ENTITIES = 1000;
    /** Below MAX_BATCH_LOG_REQUEST_SIZE (1e6) with room for the JSON around the entities. */
    static final int MAX_BYTES = 900_000;
    private static final int ENTITY_OVERHEAD = 64;

    private BatchSplitter() {
    }

    static List<LogBatch> split(List<MetricTail.Point> metrics, List<Param> params, List<Tag> tags) {
        List<LogBatch> out = new ArrayList<>();
        Builder b = new Builder();
        for (Param p : params) {
            int bytes = bytes(p.key()) + bytes(p.value());
            if (!b.fits(b.params.size() < MAX_PARAMS, bytes)) {
                b = b.flushInto(out);
            }
            b.params.add(p);
            b.bytes += bytes;
        }
        for (Tag t : tags) {
            int bytes = bytes(t.key()) + bytes(t.value());
            if (!b.fits(b.tags.size() < MAX_TAGS, bytes)) {
                b = b.flushInto(out);
            }
            b.tags.add(t);
            b.bytes += bytes;
        }
        for (MetricTail.Point m : metrics) {
            int bytes = bytes(m.key()) + m.json().length();
            if (!b.fits(b.metrics.size() < MAX_METRICS, bytes)) {
                b = b.flushInto(out);
            }
            b.metrics.add(m);
            b.bytes += bytes;
        }
        b.flushInto(out);
        return out;
    }

    /** The UTF-8 size of {@code s} as JSON may escape it (control characters as six bytes), plus framing. */
    static int bytes(String s) {
        int n = ENTITY_OVERHEAD;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x20 ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    private static final class Builder {
        final List<MetricTail.Point> metrics = new ArrayList<>();
        final List<Param> params = new ArrayList<>();
        final List<Tag> tags = new ArrayList<>();
        int bytes;

        boolean fits(boolean underKindLimit, int more) {
            return underKindLimit && metrics.size() + params.size() + tags.size() < MAX_ENTITIES
                    && bytes + more <= MAX_BYTES;
        }

        Builder flushInto(List<LogBatch> out) {
            if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) {
                out.add(new LogBatch(List.copyOf(metrics), List.copyOf(params), List.copyOf(tags)));
            }
            return new Builder();
        }
    }
}
