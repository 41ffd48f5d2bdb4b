package dev.autolog.cli;

import dev.autolog.backend.RunInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** The {@code --filter} and {@code --order-by} of a command, read once and applied to the runs it lists. */
final class RunSearch {
    static final String HELP = "  --filter F      only runs matching MLflow's search filter, e.g.\n"
            + "                  'metrics.`test-auc` > 0.9 and params.max_depth = \"6\" and status = \"FINISHED\"'\n"
            + "  --order-by O    sort by fields, e.g. 'metrics.`test-auc` DESC, params.eta' (repeatable;"
            + " runs\n                  without the field last)\n";

    private final List<Condition> filter;
    private final List<SearchOrder.Key> order;

    private RunSearch(List<Condition> filter, List<SearchOrder.Key> order) {
        this.filter = filter;
        this.order = order;
    }

    static RunSearch of(Args args) {
        List<Condition> filter = new ArrayList<>();
        args.all("filter").forEach(f -> filter.addAll(parse("--filter", f, SearchParser::filter)));
        List<SearchOrder.Key> order = new ArrayList<>();
        args.all("order-by").forEach(o -> order.addAll(parse("--order-by", o, SearchParser::orderBy)));
        return new RunSearch(filter, order);
    }

    /** The UI's {@code filter} and {@code order_by}; either may be null. */
    static RunSearch of(String filter, String orderBy) {
        return new RunSearch(parse("filter", filter, SearchParser::filter),
                parse("order_by", orderBy, SearchParser::orderBy));
    }

    /** A malformed query is bad usage: one line with the position and what was expected there. */
    static <T> T parse(String option, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (SearchSyntaxException e) {
            throw CliException.usage(option + " \"" + text + "\": " + e.describe());
        }
    }

    /**
     * The files of a run the filter and the order read, with {@code metrics} (keys) and {@code parts} the command
     * reads besides: its meta (for every command), the folders of the params and tags it reads, and the file of each
     * metric it reads.
     */
    RunStamp.Checked reads(Set<RunStamp.Part> parts, Set<String> metrics) {
        Set<RunStamp.Part> folders = EnumSet.of(RunStamp.Part.META);
        folders.addAll(parts);
        Set<String> metricFiles = new HashSet<>(metrics);
        Stream.concat(filter.stream().map(Condition::field), order.stream().map(SearchOrder.Key::field))
                .forEach(f -> {
                    switch (f.kind()) {
                        case METRIC -> metricFiles.add(f.key());
                        case PARAM -> folders.add(RunStamp.Part.PARAMS);
                        case TAG -> folders.add(RunStamp.Part.TAGS);
                        default -> { } // attributes are in the meta; datasets are read from their files
                    }
                });
        return new RunStamp.Checked(folders, metricFiles);
    }

    /** The runs that match, in the order asked for, else in the order given (newest first). */
    List<StoreRunValues> apply(List<RunInfo> runs, Store store) {
        List<StoreRunValues> matching = runs.parallelStream().map(store::values).filter(this::matches).toList();
        if (order.isEmpty()) {
            return matching;
        }
        List<SearchField> fields = order.stream().map(SearchOrder.Key::field).toList();
        SortKeys[] sorted = matching.parallelStream().map(r -> SortKeys.of(r, fields)).toArray(SortKeys[]::new);
        Arrays.parallelSort(sorted, SearchOrder.comparator(order));
        return Arrays.stream(sorted).map(SortKeys::run).toList();
    }

    private boolean matches(StoreRunValues run) {
        for (Condition c : filter) {
            if (!c.matches(run)) {
                return false;
            }
        }
        return true;
    }

    /** A run's values of the fields it is sorted by, read once: a sort compares each run many times. */
    private record SortKeys(StoreRunValues run, List<SearchField> fields, Object[] values) implements RunValues {
        static SortKeys of(StoreRunValues run, List<SearchField> fields) {
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = run.value(fields.get(i));
            }
            return new SortKeys(run, fields, values);
        }

        @Override
        public Object value(SearchField field) {
            return values[fields.get(0) == field ? 0 : fields.indexOf(field)];
        }
    }
}
