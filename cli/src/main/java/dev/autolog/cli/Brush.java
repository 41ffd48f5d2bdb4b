package dev.autolog.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A range (or several) brushed on one axis of the UI's parallel-coordinates view, or the categories brushed on a
 * text axis: a run is inside when its value of the column is a number within a range (a param or tag counts when
 * its whole text is a number as {@link SearchParser#NUMBER} reads one), or is one of the categories. The UI writes
 * brushes in the {@code brush} parameter as {@code <column>:r:<low>:<high>[:<low>:<high>…]} or
 * {@code <column>:c:<value>[:<value>…]}, each part URI-encoded, brushes separated by commas.
 *
 * @param ranges     pairs of low and high, each inclusive; empty for categories
 * @param categories the texts inside; empty for ranges
 */
record Brush(SearchField field, List<double[]> ranges, Set<String> categories) {
    static final String ACCEPTED = "<column>:r:<low>:<high>[:<low>:<high>...] or <column>:c:<value>[:<value>...],"
            + " each part URI-encoded, brushes separated by commas";

    /** The brushes of a {@code brush} parameter; none when it is null or empty. */
    static List<Brush> parseAll(String text) {
        List<Brush> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String item : text.split(",", -1)) {
            out.add(parse(item));
        }
        return out;
    }

    private static Brush parse(String item) {
        String[] parts = item.split(":", -1);
        if (parts.length < 3 || !parts[1].equals("r") && !parts[1].equals("c")) {
            throw bad(item, "expected a column, r or c, and values");
        }
        List<SearchField> columns = RunSearch.parse("brush column", decode(item, parts[0]), SearchParser::columns);
        if (columns.size() != 1) {
            throw bad(item, "expected one column");
        }
        if (parts[1].equals("c")) {
            List<String> values = new ArrayList<>();
            for (int i = 2; i < parts.length; i++) {
                values.add(decode(item, parts[i]));
            }
            return new Brush(columns.get(0), List.of(), Set.copyOf(values));
        }
        if (parts.length % 2 != 0) {
            throw bad(item, "expected pairs of low and high");
        }
        List<double[]> ranges = new ArrayList<>();
        for (int i = 2; i < parts.length; i += 2) {
            ranges.add(new double[] {number(item, parts[i]), number(item, parts[i + 1])});
        }
        return new Brush(columns.get(0), ranges, Set.of());
    }

    private static double number(String item, String text) {
        if (!SearchParser.NUMBER.matcher(text).matches()) {
            throw bad(item, "'" + text + "' is not a number");
        }
        return Double.parseDouble(text);
    }

    private static String decode(String item, String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(item, "'" + part + "' is not URI-encoded");
        }
    }

    private static CliException bad(String item, String what) {
        return CliException.usage("brush '" + item + "': " + what + " (accepted: " + ACCEPTED + ")");
    }

    boolean contains(RunValues run) {
        Object value = run.value(field);
        if (value == null) {
            return false;
        }
        if (ranges.isEmpty()) {
            return categories.contains(value.toString());
        }
        double x;
        if (value instanceof Number n) {
            x = n.doubleValue();
        } else if (SearchParser.NUMBER.matcher(value.toString()).matches()) {
            x = Double.parseDouble(value.toString());
        } else {
            return false;
        }
        return ranges.stream().anyMatch(r -> Math.min(r[0], r[1]) <= x && x <= Math.max(r[0], r[1]));
    }
}
