package dev.autolog.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs as rows of the fields a user picks ({@code --columns}), after the run id and name, as a table (values
 * shortened for reading), CSV (exact values, RFC 4180) or JSON (numbers as numbers, a missing value as null).
 */
final class RunTable {
    static final String HELP = "  --columns C     show these fields after the run id and name, e.g."
            + " params.max_depth,metrics.test-auc,tags.x,status\n"
            + "  --format F      table (default), csv or json\n";

    enum Format { TABLE, CSV, JSON }

    private RunTable() {
    }

    /** {@code --format}, or json for {@code --json}. */
    static Format format(Args args, Output out) {
        String text = args.option("format", null);
        if (text == null) {
            return out.json() ? Format.JSON : Format.TABLE;
        }
        Format format;
        try {
            format = Format.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--format must be table, csv or json, not '" + text + "'");
        }
        if (out.json() && format != Format.JSON) {
            throw CliException.usage("--json and --format " + text + " ask for different output; give one");
        }
        return format;
    }

    /** The fields of {@code --columns}; empty when not given. */
    static List<SearchField> columns(Args args) {
        List<SearchField> columns = new ArrayList<>();
        args.all("columns").forEach(c -> columns.addAll(RunSearch.parse("--columns", c, SearchParser::columns)));
        return columns;
    }

    static void print(Output out, Format format, List<SearchField> columns, List<StoreRunValues> runs) {
        if (format == Format.JSON) {
            List<Object> rows = new ArrayList<>();
            for (StoreRunValues r : runs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run_id", r.run().runId());
                row.put("run_name", r.run().runName());
                columns.forEach(c -> row.put(c.name(), Json.value(r.value(c))));
                rows.add(row);
            }
            out.json(rows);
            return;
        }
        List<String> headers = new ArrayList<>(List.of("run_id", "run_name"));
        columns.forEach(c -> headers.add(c.name()));
        List<List<String>> rows = new ArrayList<>();
        for (StoreRunValues r : runs) {
            String id = r.run().runId();
            List<String> row = new ArrayList<>(List.of(format == Format.CSV ? id : Store.shortId(id),
                    r.run().runName()));
            columns.forEach(c -> row.add(format == Format.CSV ? exact(r.value(c)) : readable(c, r.value(c))));
            rows.add(row);
        }
        if (format == Format.CSV) {
            out.csv(headers, rows);
        } else {
            out.table(headers, rows);
        }
    }

    private static String exact(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String readable(SearchField field, Object value) {
        if (value instanceof Double d) {
            return MetricStats.format(d);
        }
        if (value instanceof Long millis && field.isTime()) {
            return Formats.time(millis);
        }
        return exact(value);
    }
}
