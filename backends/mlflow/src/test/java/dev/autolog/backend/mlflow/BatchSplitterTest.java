package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.Metric;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSplitterTest {

    private static List<MetricTail.Point> metrics(int n) {
        List<MetricTail.Point> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MetricTail.point(new Metric("m" + (i % 3), i * 0.5, 1_700_000_000_000L + i, i), i));
        }
        return out;
    }

    private static List<Param> params(int n, int valueLength) {
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Param("p" + i, "v".repeat(valueLength)));
        }
        return out;
    }

    private static List<Tag> tags(int n, int valueLength) {
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Tag("t" + i, "w".repeat(valueLength)));
        }
        return out;
    }

    @Test
    void mlflowsOwnExampleOf900MetricsFiftyParamsFiftyTagsIsOneRequest() {
        assertEquals(1, BatchSplitter.split(metrics(900), params(50, 5), tags(50, 5)).size());
    }

    @Test
    void everyRequestStaysWithinEachLimitAndNothingIsLostOrReordered() {
        List<MetricTail.Point> m = metrics(2500);
        List<Param> p = params(250, 10);
        List<Tag> t = tags(150, 10);
        List<LogBatch> batches = BatchSplitter.split(m, p, t);

        List<MetricTail.Point> allM = new ArrayList<>();
        List<Param> allP = new ArrayList<>();
        List<Tag> allT = new ArrayList<>();
        for (LogBatch b : batches) {
            assertTrue(b.metrics().size() <= 1000 && b.params().size() <= 100 && b.tags().size() <= 100, b::toString);
            assertTrue(b.size() <= 1000);
            allM.addAll(b.metrics());
            allP.addAll(b.params());
            allT.addAll(b.tags());
        }
        assertEquals(m, allM);
        assertEquals(p, allP);
        assertEquals(t, allT);
        // 250 params need 3 requests; the 1000-entity cap then decides how the metrics follow
        assertEquals(List.of(100, 100, 50), batches.stream().limit(3).map(b -> b.params().size()).toList());
    }

    @Test
    void longValuesAreSpreadSoThatNoRequestNearsOneMegabyte() {
        List<LogBatch> batches = BatchSplitter.split(List.of(), params(100, 6000), tags(100, 8000));
        for (LogBatch b : batches) {
            int bytes = 0;
            for (Param p : b.params()) {
                bytes += BatchSplitter.bytes(p.key()) + BatchSplitter.bytes(p.value());
            }
            for (Tag t : b.tags()) {
                bytes += BatchSplitter.bytes(t.key()) + BatchSplitter.bytes(t.value());
            }
            assertTrue(bytes <= BatchSplitter.MAX_BYTES, "request of " + bytes + " bytes");
        }
        assertEquals(200, batches.stream().mapToInt(LogBatch::size).sum());
        assertTrue(batches.size() >= 2);
    }

    @Test
    void sizeCountsUtf8BytesAndJsonEscapes() {
        assertEquals(64 + 1 + 2 + 3 + 4 + 6, BatchSplitter.bytes("a\u00e9\u20ac\ud83d\ude00\n"));
    }

    @Test
    void nothingToSendIsNoRequest() {
        assertEquals(List.of(), BatchSplitter.split(List.of(), List.of(), List.of()));
    }
}
