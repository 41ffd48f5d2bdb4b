package dev.autolog.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Several runs side by side: every param and metric key any of them has, one value per run ("" where a run lacks
 * it), and the params whose values are not all equal.
 */
record RunComparison(List<RunSummary> runs, Map<String, List<String>> params, Set<String> differing,
                     Map<String, List<String>> finals, Map<String, List<String>> bests) {

    static RunComparison of(List<RunSummary> runs) {
        Map<String, List<String>> params = new TreeMap<>();
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        Set<String> differing = new TreeSet<>();
        for (String key : keys) {
            List<String> values = runs.stream().map(r -> r.params().getOrDefault(key, "")).toList();
            params.put(key, values);
            if (values.stream().distinct().count() > 1) {
                differing.add(key);
            }
        }
        Set<String> metricKeys = new TreeSet<>();
        runs.forEach(r -> metricKeys.addAll(r.metrics().keySet()));
        Map<String, List<String>> finals = new TreeMap<>();
        Map<String, List<String>> bests = new TreeMap<>();
        for (String key : metricKeys) {
            List<String> f = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (RunSummary r : runs) {
                MetricStats m = r.metrics().get(key);
                f.add(m == null ? "" : MetricStats.format(m.latest()));
                b.add(m == null ? "" : MetricStats.format(m.best()));
            }
            finals.put(key, f);
            bests.put(key, b);
        }
        return new RunComparison(runs, params, differing, finals, bests);
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> ids = new ArrayList<>();
        runs.forEach(r -> ids.add(Map.of("run_id", r.run().runId(), "run_name", r.run().runName())));
        out.put("runs", ids);
        Map<String, Object> paramRows = new LinkedHashMap<>();
        params.forEach((key, values) -> paramRows.put(key, runs.stream()
                .map(r -> (Object) r.params().get(key)).toList()));
        out.put("params", paramRows);
        out.put("differing_params", differing);
        Map<String, Object> metricRows = new LinkedHashMap<>();
        for (String key : finals.keySet()) {
            List<Object> latest = new ArrayList<>();
            List<Object> best = new ArrayList<>();
            for (RunSummary r : runs) {
                MetricStats m = r.metrics().get(key);
                latest.add(m == null ? null : Json.number(m.latest()));
                best.add(m == null ? null : Json.number(m.best()));
            }
            metricRows.put(key, Map.of("final", latest, "best", best));
        }
        out.put("metrics", metricRows);
        return out;
    }
}
