package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tribuo datasets as dataset inputs. The training thread takes the dataset's provenance object, its size, feature
 * names, output domain and its first {@value #SAMPLE_EXAMPLES} examples (outputs and feature values) as text; the
 * writer thread renders the provenance ({@code ProvenanceUtil.convertToMap}) and reads its data source: the file it
 * was read from ({@code dataPath}, {@code dataFile}, ...), the file's hash as Tribuo recorded it
 * ({@code resource-hash}) and the loader's settings (row processor, CSV separator, ...), kept as Tribuo wrote them.
 * An evaluation's dataset is known only by its provenance.
 */
final class TribuoDatasets {
    static final int SAMPLE_EXAMPLES = 100;
    static final int MAX_FEATURES_SAMPLED = 10_000;
    static final int MAX_NAMES = 1000;
    private static final List<String> LOCATION_KEYS = List.of("dataPath", "dataFile", "path", "url", "file");

    private TribuoDatasets() {
    }

    /** The training dataset, context {@code training}. */
    static DatasetSpec training(Object dataset) throws Exception {
        Object provenance = Reflect.call(dataset, "getProvenance");
        long examples = ((Number) Reflect.call(dataset, "size")).longValue();
        List<String> features = names((Iterable<?>) Reflect.call(dataset, "getFeatureMap"), "getName");
        int numFeatures = ((Number) Reflect.call(Reflect.call(dataset, "getFeatureMap"), "size")).intValue();
        List<String> domain = names((Iterable<?>) Reflect.call(Reflect.call(dataset, "getOutputInfo"), "getDomain"),
                "toString");
        String sample = sample((Iterable<?>) dataset);
        return DatasetSpec.of("train", "training", () -> {
            DatasetDescription d = describe(map(provenance));
            if (features.size() == numFeatures) {
                d.anyColumns(features, Collections.nCopies(numFeatures, "double"));
            }
            return d.profile("num_examples", examples).profile("num_features", numFeatures)
                    .profile("num_outputs", domain.size()).profile("output_domain", domain).digestOf(sample);
        });
    }

    /** An evaluation's data, from the provenance the evaluator was given; context {@code eval}. */
    static DatasetSpec evaluated(Object dataProvenance) {
        return DatasetSpec.of("eval", "eval", () -> {
            Map<?, ?> map = map(dataProvenance);
            DatasetDescription d = describe(map);
            for (String key : List.of("num-examples", "num-features", "num-outputs")) {
                if (map.get(key) != null) {
                    d.profile(key.replace('-', '_'), map.get(key));
                }
            }
            // a synthetic source has no hash: its class and settings stand for it (not its creation time)
            return d.digestOf(find(map, List.of("class-name")));
        });
    }

    private static final String DATASOURCE = "datasource";

    private static DatasetDescription describe(Map<?, ?> provenance) {
        Object source = provenance.get(DATASOURCE) instanceof Map<?, ?> m ? m : provenance;
        String location = find(source, LOCATION_KEYS);
        String hash = find(source, List.of("resource-hash"));
        Map<String, Object> json = new LinkedHashMap<>();
        if (location != null) {
            json.put("uri", location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
        }
        if (hash != null) {
            json.put("resource_hash", hash);
        }
        json.put("provenance", source);
        DatasetDescription d = DatasetDescription.of(location != null ? "local" : DatasetDescription.IN_MEMORY, json);
        return d.digestOf(hash);
    }

    private static Map<?, ?> map(Object provenance) {
        try {
            return (Map<?, ?>) Reflect.callStatic(provenance.getClass().getClassLoader(),
                    "com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil", "convertToMap", provenance);
        } catch (Exception e) {
            throw new IllegalStateException("rendering Tribuo's provenance: " + e, e);
        }
    }

    /** The first string value under one of {@code keys}, searched depth first (a data source may wrap another). */
    private static String find(Object node, List<String> keys) {
        if (node instanceof Map<?, ?> map) {
            for (String key : keys) {
                if (map.get(key) instanceof String s && !s.isEmpty()) {
                    return s;
                }
            }
            for (Object value : map.values()) {
                String found = find(value, keys);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object value : list) {
                String found = find(value, keys);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> names(Iterable<?> items, String getter) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (out.size() == MAX_NAMES) {
                break;
            }
            out.add(String.valueOf(getter.equals("toString") ? item : Reflect.call(item, getter)));
        }
        return out;
    }

    /** The first examples' outputs and feature values as text: what the digest hashes. */
    private static String sample(Iterable<?> dataset) throws Exception {
        StringBuilder out = new StringBuilder();
        Iterator<Object> examples = FirstExamples.of(dataset, SAMPLE_EXAMPLES).iterator();
        int features = 0;
        while (examples.hasNext() && features < MAX_FEATURES_SAMPLED) {
            Object example = examples.next();
            out.append(Reflect.call(example, "getOutput")).append('|');
            for (Object feature : (Iterable<?>) example) {
                out.append(Reflect.call(feature, "getName")).append('=').append(Reflect.call(feature, "getValue"))
                        .append(',');
                features++;
            }
            out.append('\n');
        }
        return out.toString();
    }
}
