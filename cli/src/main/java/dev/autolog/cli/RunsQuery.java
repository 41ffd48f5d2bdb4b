package dev.autolog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the UI asks of many runs ({@code /api/runs}, {@code /api/values}, {@code /api/keys}): which runs (an
 * experiment, MLflow's search filter and order, {@link Brush}es), which columns (as {@code runs list --columns}
 * names them) and which slice. A parameter the endpoint does not take, or a bad value, is one line naming what is
 * accepted.
 *
 * @param matched the texts that decide which runs match and in what order (experiment, filter, order, brushes),
 *                as given: two queries with the same ones match the same runs
 */
record RunsQuery(String experiment, RunSearch search, List<Brush> brushes, List<SearchField> columns, int offset,
                 int limit, List<String> matched) {
    /** Every page's own requests may carry the UI's token; no endpoint reads it. */
    private static final String TOKEN = "token";

    /**
     * @param accepted     the parameters the endpoint takes, in the order the message names them
     * @param defaultLimit the limit when none is given
     * @param maxLimit     the highest limit accepted
     */
    static RunsQuery of(String endpoint, Map<String, String> query, List<String> accepted, int defaultLimit,
                        int maxLimit) {
        for (String name : query.keySet()) {
            if (!accepted.contains(name) && !name.equals(TOKEN)) {
                throw CliException.usage("unknown parameter '" + name + "' for /api/" + endpoint + " (accepted: "
                        + String.join(", ", accepted) + ")");
            }
        }
        String experiment = query.get("experiment");
        List<SearchField> columns = new ArrayList<>();
        String columnText = query.get("columns");
        if (columnText != null && !columnText.isBlank()) {
            columns.addAll(RunSearch.parse("columns", columnText, SearchParser::columns));
        }
        return new RunsQuery(experiment == null || experiment.isEmpty() ? null : experiment,
                RunSearch.of(query.get("filter"), query.get("order_by")), Brush.parseAll(query.get("brush")), columns,
                whole(query, "offset", 0, 0, Integer.MAX_VALUE), whole(query, "limit", defaultLimit, 1, maxLimit),
                Stream.of("experiment", "filter", "order_by", "brush").map(k -> query.getOrDefault(k, "")).toList());
    }

    /** No filter, order or brush: every active run, newest first. */
    boolean keepsAll() {
        return brushes.isEmpty() && matched.get(1).isBlank() && matched.get(2).isBlank();
    }

    private static int whole(Map<String, String> query, String name, int absent, int min, int max) {
        String text = query.get(name);
        if (text == null) {
            return absent;
        }
        String accepted = max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max;
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below with what is accepted
        }
        throw CliException.usage(name + " '" + text + "' is not accepted (accepted: a whole number, " + accepted + ")");
    }
}
