package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.autolog.cli.SearchField.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** MLflow's search language: {@link SearchParser}, {@link Condition} and {@link SearchOrder} on runs in memory. */
class SearchTest {
    /** A run as a map from field names ({@code metrics.auc}, {@code attributes.status}) to values. */
    private record Run(String name, Map<String, Object> values) implements RunValues {
        @Override
        public Object value(SearchField field) {
            return values.get(field.name());
        }
    }

    private static Run run(String name, Object... fieldsAndValues) {
        Map<String, Object> values = new HashMap<>();
        values.put("attributes.run_name", name);
        values.put("attributes.run_id", name + "-id");
        values.put("attributes.status", "FINISHED");
        values.put("attributes.start_time", 1000L);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            values.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new Run(name, values);
    }

    private static final List<Run> RUNS = List.of(
            run("a", "metrics.auc", 0.9, "metrics.train-logloss", 0.2, "params.max_depth", "6",
                    "tags.mlflow.runName", "a", "tags.team", "Vision", "attributes.end_time", 2000L),
            run("b", "metrics.auc", 0.7, "metrics.train-logloss", 0.4, "params.max_depth", "3", "tags.team",
                    "vision_v2", "attributes.status", "FAILED", "attributes.end_time", 1500L),
            run("c", "metrics.auc", Double.NaN, "params.max_depth", "10", "params.note", "50% off",
                    "attributes.status", "RUNNING", "attributes.start_time", 3000L),
            run("d", "metrics.auc", Double.POSITIVE_INFINITY, "metrics.train-logloss", Double.NEGATIVE_INFINITY,
                    "tags.team", "a.b+", "attributes.user_id", "it's me"),
            run("e"));

    private static String matching(String filter) {
        List<Condition> conditions = SearchParser.filter(filter);
        return String.join(",", RUNS.stream().filter(r -> conditions.stream().allMatch(c -> c.matches(r)))
                .map(Run::name).toList());
    }

    private static String sorted(String orderBy) {
        List<Run> runs = new ArrayList<>(RUNS);
        runs.sort(SearchOrder.comparator(SearchParser.orderBy(orderBy)));
        return String.join(",", runs.stream().map(Run::name).toList());
    }

    private static String error(String filter) {
        return assertThrows(SearchSyntaxException.class, () -> SearchParser.filter(filter)).describe();
    }

    @Test
    void metricsCompareTheirValueWithEveryNumericComparatorAndNaNMatchesOnlyNotEqual() {
        assertEquals("a", matching("metrics.auc = 0.9"));
        assertEquals("a,b,c,d", matching("metrics.auc != 0.8"));
        assertEquals("b", matching("metrics.auc < 0.9"));
        assertEquals("a,b", matching("metrics.auc <= 0.9"));
        assertEquals("a,d", matching("metrics.auc > 0.7"));
        assertEquals("a,b,d", matching("metrics.auc >= 0.7"));
        assertEquals("d", matching("metrics.auc > 1e300"));
        assertEquals("a,b", matching("metrics.`train-logloss` > -1"));
        assertEquals("d", matching("metrics.\"train-logloss\" < -.5E10"));
        assertEquals("a,d", matching("metrics.auc>0.8"));
    }

    @Test
    void aMissingKeyMatchesNoComparisonButIsNull() {
        assertEquals("a,b,d", matching("metrics.`train-logloss` != 0"));
        assertEquals("c,e", matching("metrics.`train-logloss` IS NULL"));
        assertEquals("a,b,d", matching("metrics.`train-logloss` is not null"));
        assertEquals("b", matching("params.max_depth != '6' and params.max_depth != '10'"));
        assertEquals("e", matching("tags.team IS NULL AND params.max_depth IS NULL"));
        assertEquals("c,d,e", matching("attributes.end_time IS NULL"));
        assertEquals("b", matching("end_time < 2000"));
    }

    @Test
    void paramsAndTagsCompareTextWithLikeAndIlikeAsSqlDoes() {
        assertEquals("a", matching("params.max_depth = '6'"));
        assertEquals("a", matching("param.max_depth = \"6\""));
        assertEquals("c", matching("parameters.max_depth LIKE '1%'"));
        assertEquals("a,b,c", matching("params.max_depth like '%'"));
        assertEquals("a,b", matching("params.max_depth LIKE '_'"));
        assertEquals("b", matching("tags.team LIKE 'vision%'"));
        assertEquals("a,b", matching("tags.team ILIKE 'VISION%'"));
        assertEquals("b", matching("tags.team LIKE '%\\_v_'"));
        assertEquals("c", matching("params.note LIKE '50\\% %'"));
        assertEquals("", matching("params.note LIKE '50\\%'"));
        assertEquals("d", matching("tags.team LIKE 'a.b+'"));
        assertEquals("", matching("tags.team LIKE 'a_b'"));
        assertEquals("a", matching("tags.mlflow.runName = 'a'"));
        assertEquals("a", matching("tag.`mlflow.runName` = 'a'"));
    }

    @Test
    void likeTakesTimeInProportionToTheTextWhateverThePatternAndNoStack() {
        Run longParam = run("long", "params.p", "a".repeat(65_536), "tags.t", "x\u00dfy\uD83D\uDE00");
        // as a regular expression, '%a%a%a%b' backtracked for hours on 64 KiB of 'a', and '%_' 20,000 times
        // overflowed the stack compiling it
        List<Condition> slow = SearchParser.filter("params.p LIKE '%a%a%a%b'");
        List<Condition> deep = SearchParser.filter("params.p LIKE '" + "%_".repeat(20_000) + "b'");
        List<Condition> matching = SearchParser.filter("params.p LIKE '" + "%a".repeat(1_000) + "%'");

        assertEquals(List.of(false, false, true), assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> Stream.of(slow, deep, matching).map(c -> c.get(0).matches(longParam)).toList()));
        assertEquals(List.of(true, true, false, false), Stream.of("tags.t LIKE 'x_y_'", "tags.t ILIKE 'X\u1E9EY%'",
                "tags.t ILIKE '%SSY_'", "tags.t LIKE 'x_y'").map(f -> SearchParser.filter(f).get(0).matches(longParam))
                .toList());
    }

    @Test
    void attributesWithTheirAliasesAndBareNamesAndInLists() {
        assertEquals("b", matching("attributes.status = 'FAILED'"));
        assertEquals("b", matching("status = 'FAILED'"));
        assertEquals("b,c", matching("run.status IN ('FAILED', \"RUNNING\")"));
        assertEquals("a,d,e", matching("attr.status not in ('FAILED','RUNNING')"));
        assertEquals("c", matching("attribute.start_time > 1000"));
        assertEquals("c", matching("created >= 3000"));
        assertEquals("b", matching("\"Run name\" = 'b'"));
        assertEquals("b", matching("`run_name` = 'b'"));
        assertEquals("a,b", matching("run_id IN ('a-id', 'b-id')"));
        assertEquals("a", matching("tags.team IN ('Vision')"));
        assertEquals("b,d", matching("tags.team NOT IN ('Vision')"));
        assertEquals("d", matching("user_id = \"it's me\""));
    }

    @Test
    void keywordsInAnyCaseAndEntityTypesAsWritten() {
        assertEquals("a", matching("metrics.auc > 0.8 AnD params.max_depth LiKe '6'"));
        assertEquals("a,b,c,d,e", matching("  "));
        assertEquals("a,b,c,d,e", matching(""));
        assertEquals("at position 1: unknown entity type 'METRICS' (accepted: metrics, params, tags, attributes (or"
                + " metric, param, parameter(s), tag, attribute, attr, run), datasets (or dataset))", error("METRICS.auc > 1"));
    }

    @Test
    void quotedValuesAreTakenAsWrittenAsMlflowDoes() {
        List<Condition> c = SearchParser.filter("params.x = 'it''s' and params.y = 'a\\'b' and params.z = \"q\"\"\"");
        assertEquals(List.of("it''s", "a\\'b", "q\"\""), c.stream().map(Condition::operand).toList());
        assertEquals(new SearchField(Kind.METRIC, "a b.c"), SearchParser.filter("metrics.`a b.c` > 1").get(0)
                .field());
    }

    @Test
    void malformedQueriesNameThePositionAndWhatWasExpected() {
        assertEquals("at position 14: expected a comparison (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL,"
                + " IS NOT NULL); a key with '-' must be quoted, e.g. metrics.`train-logloss`, found '-logloss > 1'",
                error("metrics.train-logloss > 1"));
        assertEquals("at position 15: expected a number (metrics compare with unquoted numbers, e.g. metrics.auc >"
                + " 0.9), found ''0.9''", error("metrics.auc > '0.9'"));
        assertEquals("at position 20: expected a quoted text (params and attributes are text: write"
                + " params.max_depth = 'value'), found '6'", error("params.max_depth = 6"));
        assertEquals("at position 17: OR is not supported: MLflow's search joins conditions with AND only",
                error("metrics.auc > 1 or metrics.auc < 0"));
        assertEquals("at position 1: expected a field such as metrics.auc, params.max_depth, tags.`mlflow.runName`"
                + " or status, found '(metrics.auc…'", error("(metrics.auc > 1)"));
        assertEquals("at position 19: expected a condition after AND, found the end", error("metrics.a > 1 and "));
        assertEquals("at position 10: IN cannot compare params.x (accepted: =, !=, LIKE, ILIKE, IS NULL, IS NOT"
                + " NULL)", error("params.x in ('a')"));
        assertEquals("at position 11: LIKE cannot compare metrics.x (accepted: =, !=, <, <=, >, >=, IS NULL, IS NOT"
                + " NULL)", error("metrics.x LIKE '1'"));
        assertEquals("at position 10: unterminated ': expected a closing '", error("tags.x = 'abc"));
        assertEquals("at position 1: unknown attribute 'foo' (accepted: artifact_uri, end_time, run_id, run_name,"
                + " start_time, status, user_id; or metrics.<key>, params.<key>, tags.<key>)", error("foo = 'x'"));
        assertEquals("at position 14: expected a whole number of milliseconds since the epoch, found '1.5'",
                error("start_time > 1.5"));
        assertEquals("at position 15: expected a number (metrics compare with unquoted numbers, e.g. metrics.auc >"
                + " 0.9), found 'nan'", error("metrics.auc = nan"));
        assertEquals("at position 15: expected AND or the end of the filter, found '2'", error("metrics.a > 1 2"));
        assertEquals("at position 11: expected a comparison (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL,"
                + " IS NOT NULL), found '<> 1'", error("metrics.a <> 1"));
        assertEquals("at position 12: expected IN after NOT, found 'LIKE 'x''", error("tags.a NOT LIKE 'x'"));
        assertEquals("at position 15: expected a comma or ')' in the list, found the end", error("tags.a IN ('x'"));
        assertEquals("at position 10: unknown dataset field 'size' (accepted: name, digest, context, source,"
                + " source_type)", error("datasets.size = 'x'"));
    }

    @Test
    void orderByPutsRunsWithoutTheFieldLastAndNaNJustBeforeThemInBothDirections() {
        assertEquals("b,a,d,c,e", sorted("metrics.auc"));
        assertEquals("d,a,b,c,e", sorted("metrics.auc DESC"));
        assertEquals("d,a,b,c,e", sorted("metrics.auc desc"));
        assertEquals("c,b,a,d,e", sorted("params.max_depth ASC"));
        assertEquals("a,b,c,d,e", sorted(""));
        assertEquals("d,a,b,e,c", sorted("start_time, metrics.auc DESC"));
        assertEquals("c,e,d,b,a", sorted("created DESC, attributes.run_name desc"));
        assertEquals("d,a,b,c,e", sorted("metrics.`train-logloss`"));
    }

    @Test
    void malformedOrderByNamesThePosition() {
        assertEquals("at position 13: expected ASC, DESC, a comma or the end of the order-by, found 'DOWN'",
                assertThrows(SearchSyntaxException.class, () -> SearchParser.orderBy("metrics.auc DOWN")).describe());
        assertEquals("at position 14: expected a field after the comma, found the end",
                assertThrows(SearchSyntaxException.class, () -> SearchParser.orderBy("metrics.auc, ")).describe());
    }

    @Test
    void columnsTakeKeysAsWrittenUpToTheNextComma() {
        assertEquals(List.of(new SearchField(Kind.PARAM, "max_depth"), new SearchField(Kind.METRIC, "test-auc"),
                new SearchField(Kind.TAG, "mlflow.runName"), new SearchField(Kind.ATTRIBUTE, "status"),
                new SearchField(Kind.ATTRIBUTE, "start_time"), new SearchField(Kind.METRIC, "a,b")),
                Stream.concat(SearchParser.columns("params.max_depth, metrics.test-auc,tags.mlflow.runName,"
                        + "attributes.status,created").stream(), Stream.of(new SearchField(Kind.METRIC, "a,b")))
                        .toList());
        assertEquals("at position 18: expected a column such as params.max_depth, metrics.auc, tags.x or status",
                assertThrows(SearchSyntaxException.class, () -> SearchParser.columns("params.max_depth,,x"))
                        .describe());
        assertEquals("at position 10: unknown entity type 'metricz' (accepted: metrics, params, tags, attributes (or"
                + " metric, param, parameter(s), tag, attribute, attr, run), datasets (or dataset))",
                assertThrows(SearchSyntaxException.class, () -> SearchParser.columns("status,  metricz.x")).describe());
    }
}
