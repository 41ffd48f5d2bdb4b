package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DataFrame as a dataset input. The training thread keeps only the reference; on the writer thread its analyzed
 * logical plan names the sources: file scans (format, the paths the user read, {@code Dataset.inputFiles()}),
 * catalog tables (their names) and in-memory data (the relation kind: {@code LocalRelation}, {@code LogicalRDD},
 * ...). The schema is the DataFrame's. The digest hashes what makes the data, the same in every JVM: the plan's
 * text ({@link PlanText}), the versions of the files it reads ({@link FileVersions}) and its in-memory rows
 * ({@link InMemoryRows}). No Spark job runs.
 */
final class SparkDatasets {
    /** Input files listed in the source JSON; the count says how many there are. */
    static final int FILES_LISTED = 100;
    private static final Map<String, String> TYPES = Map.of("double", "double", "float", "float", "integer",
            "integer", "long", "long", "string", "string", "boolean", "boolean", "binary", "binary", "timestamp",
            "datetime");
    private static final Set<String> IN_MEMORY = Set.of("LocalRelation", "LogicalRDD", "Range", "OneRowRelation",
            "ExternalRDD");

    private SparkDatasets() {
    }

    static DatasetSpec of(String name, String context, Object dataset) {
        return DatasetSpec.of(name, context, () -> describe(dataset));
    }

    static DatasetDescription describe(Object dataset) {
        try {
            return read(dataset);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("reading the DataFrame's plan: " + e, e);
        }
    }

    private static DatasetDescription read(Object dataset) throws Exception {
        Object plan = Reflect.call(Reflect.call(dataset, "queryExecution"), "analyzed");
        Set<String> formats = new LinkedHashSet<>();
        Set<String> roots = new LinkedHashSet<>();
        Set<String> tables = new LinkedHashSet<>();
        Set<String> inMemory = new LinkedHashSet<>();
        FileVersions versions = new FileVersions();
        InMemoryRows rows = new InMemoryRows();
        Object leaves = Reflect.call(Reflect.call(plan, "collectLeaves"), "iterator");
        while ((Boolean) Reflect.call(leaves, "hasNext")) {
            Object leaf = Reflect.call(leaves, "next");
            String kind = leaf.getClass().getSimpleName();
            if (kind.equals("LogicalRelation")) {
                Object table = Reflect.call(leaf, "catalogTable");
                if ((Boolean) Reflect.call(table, "isDefined")) {
                    tables.add(tableName(Reflect.call(table, "get")));
                }
                Object relation = Reflect.call(leaf, "relation");
                if (relation.getClass().getSimpleName().equals("HadoopFsRelation")) {
                    formats.add(String.valueOf(Reflect.call(relation, "fileFormat")).toLowerCase(java.util.Locale.ROOT));
                    Object location = Reflect.call(relation, "location");
                    versions.add(location);
                    Object paths = Reflect.call(Reflect.call(location, "rootPaths"), "iterator");
                    while ((Boolean) Reflect.call(paths, "hasNext")) {
                        roots.add(String.valueOf(Reflect.call(paths, "next")));
                    }
                }
            } else if (kind.equals("HiveTableRelation")) {
                tables.add(tableName(Reflect.call(leaf, "tableMeta")));
            } else if (IN_MEMORY.contains(kind)) {
                inMemory.add(kind);
                if (kind.equals("LocalRelation")) {
                    rows.addLocalRelation(leaf);
                } else if (kind.equals("LogicalRDD") || kind.equals("ExternalRDD")) {
                    rows.addRdd(Reflect.call(leaf, "rdd"));
                }
            } else {
                inMemory.add(kind); // another relation (a V2 source, a stream): named, not read further
            }
        }
        String[] files = (String[]) Reflect.call(dataset, "inputFiles");
        Map<String, Object> source = new LinkedHashMap<>();
        if (!roots.isEmpty()) {
            source.put("path", String.join(",", roots));
            source.put("format", String.join(",", formats));
            source.put("files", List.of(files).subList(0, Math.min(files.length, FILES_LISTED)));
            source.put("num_files", files.length);
        }
        if (!tables.isEmpty()) {
            source.put("table_name", String.join(",", tables));
        }
        if (!inMemory.isEmpty()) {
            source.put("in_memory", String.join(",", inMemory));
        }
        boolean stored = !roots.isEmpty() || !tables.isEmpty();
        DatasetDescription d = DatasetDescription.of(stored ? "spark" : DatasetDescription.IN_MEMORY, source);
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Object field : (Object[]) Reflect.call(Reflect.call(dataset, "schema"), "fields")) {
            names.add((String) Reflect.call(field, "name"));
            String sparkType = String.valueOf(Reflect.call(Reflect.call(field, "dataType"), "typeName"));
            types.add(TYPES.getOrDefault(sparkType, sparkType));
        }
        d.anyColumns(names, types).profile("num_columns", names.size());
        if (files.length > 0) {
            d.profile("num_files", files.length);
        }
        d.digestOf(PlanText.of(plan));
        versions.addTo(d);
        rows.addTo(d);
        return d;
    }

    private static String tableName(Object catalogTable) throws Exception {
        return String.valueOf(Reflect.call(Reflect.call(catalogTable, "identifier"), "unquotedString"));
    }
}
