package dev.autolog.cli;

import dev.autolog.cli.Condition.Op;
import dev.autolog.cli.SearchField.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MLflow's search language for runs as {@code mlflow/utils/search_utils.py} ({@code SearchUtils}) and
 * {@code mlflow/entities/run_info.py} of MLflow 3.x define it (the file at commit {@code 01a226fb} of mlflow/mlflow;
 * the 2.x rules read the same):
 * <ul>
 * <li>conditions joined by {@code AND} (no {@code OR}, no parentheses); keywords in any case;</li>
 * <li>{@code metrics.<key>} compares the latest value with {@code = != < <= > >=} and an unquoted number;
 * {@code params.<key>} with {@code = != LIKE ILIKE} and a quoted text; {@code tags.<key>} and the text attributes
 * ({@code run_id run_name user_id status artifact_uri}) also with {@code IN ('a', 'b')} and {@code NOT IN};
 * {@code start_time}/{@code end_time} (alias {@code created}) like metrics, with a whole number of milliseconds;</li>
 * <li>entity types and their aliases: metric(s), param(s), parameter(s), tag(s), attribute(s), attr, run; a name
 * without a type is an attribute ({@code status = 'FINISHED'}, {@code "Run name" = 'x'});</li>
 * <li>a key may hold dots ({@code tags.mlflow.runName}); other characters need backquotes or double quotes
 * ({@code metrics.`train-logloss`}); text values take single or double quotes, their content as written (MLflow
 * reads no escape sequences in them either);</li>
 * <li>{@code --order-by}: fields with {@code ASC} (the default) or {@code DESC}, separated by commas.</li>
 * </ul>
 * Beyond MLflow (which rejects these queries, so no MLflow query reads differently): {@code IS NULL} and
 * {@code IS NOT NULL} on every field, {@code IN}/{@code NOT IN} on tags and every text attribute (MLflow only on
 * {@code run_id}), and LIKE as SQL defines it (MLflow's file store turns the pattern into a regular expression, so
 * there {@code .} or {@code +} in a pattern are not literal). {@code datasets.name}, {@code datasets.digest} and
 * {@code datasets.context} match a run when any of its dataset inputs matches (MLflow's rule), and beyond MLflow
 * also {@code datasets.source} (the source JSON) and {@code datasets.source_type}; they are text fields.
 */
final class SearchParser {
    private static final String COMPARATORS = "=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL";
    private static final Set<Op> NULL_TESTS = EnumSet.of(Op.IS_NULL, Op.IS_NOT_NULL);
    private static final Set<Op> NUMBER_OPS = EnumSet.of(Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE);
    private static final Set<Op> PARAM_OPS = EnumSet.of(Op.EQ, Op.NE, Op.LIKE, Op.ILIKE);
    private static final Set<Op> TEXT_OPS = EnumSet.of(Op.EQ, Op.NE, Op.LIKE, Op.ILIKE, Op.IN, Op.NOT_IN);
    /** A number as the filter and the UI's brushes read one in text (no plus, hex, Java suffix or space). */
    static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private final String text;
    private int pos;

    private SearchParser(String text) {
        this.text = text == null ? "" : text;
    }

    /** The conditions of a filter, all of which a run must match; none for an empty filter. */
    static List<Condition> filter(String text) {
        SearchParser p = new SearchParser(text);
        List<Condition> out = new ArrayList<>();
        p.skipSpace();
        while (!p.atEnd()) {
            out.add(p.condition());
            p.skipSpace();
            if (p.atEnd()) {
                break;
            }
            int at = p.pos;
            if (p.keyword("OR")) {
                throw new SearchSyntaxException(at + 1, "OR is not supported: MLflow's search joins conditions with"
                        + " AND only");
            }
            if (!p.keyword("AND")) {
                throw p.expected("AND or the end of the filter");
            }
            p.skipSpace();
            if (p.atEnd()) {
                throw p.expected("a condition after AND");
            }
        }
        return out;
    }

    /** The sort keys of an order-by, the first deciding first. */
    static List<SearchOrder.Key> orderBy(String text) {
        SearchParser p = new SearchParser(text);
        List<SearchOrder.Key> out = new ArrayList<>();
        p.skipSpace();
        while (!p.atEnd()) {
            int at = p.pos;
            SearchField field = p.field();
            if (field.kind() == Kind.DATASET) {
                throw new SearchSyntaxException(at + 1, "runs cannot be ordered by " + field.name()
                        + " (a run has several datasets)");
            }
            p.skipSpace();
            boolean ascending = !p.keyword("DESC");
            if (ascending) {
                p.keyword("ASC");
            }
            out.add(new SearchOrder.Key(field, ascending));
            p.skipSpace();
            if (p.atEnd()) {
                break;
            }
            if (p.text.charAt(p.pos) != ',') {
                throw p.expected("ASC, DESC, a comma or the end of the order-by");
            }
            p.pos++;
            p.skipSpace();
            if (p.atEnd()) {
                throw p.expected("a field after the comma");
            }
        }
        return out;
    }

    /**
     * Comma-separated fields for {@code --columns}, keys as written up to the next comma
     * ({@code metrics.test-auc,params.max_depth,status}); a key may also be quoted (with backquotes, or double or
     * single quotes), and then holds commas.
     */
    static List<SearchField> columns(String text) {
        List<SearchField> out = new ArrayList<>();
        int start = 0;
        for (String item : splitOutsideQuotes(text)) {
            int at = start + (item.length() - item.stripLeading().length()) + 1;
            start += item.length() + 1;
            String name = item.strip();
            int dot = name.indexOf('.');
            if (name.isEmpty()) {
                throw new SearchSyntaxException(at, "expected a column such as params.max_depth, metrics.auc,"
                        + " tags.x or status");
            }
            if (dot < 0) {
                out.add(new SearchField(Kind.ATTRIBUTE, attribute(name, at)));
                continue;
            }
            Kind kind = entityType(name.substring(0, dot), at);
            if (kind == Kind.DATASET) {
                throw new SearchSyntaxException(at, "datasets.<field> can only be filtered on, not shown as a column");
            }
            String key = unquote(name.substring(dot + 1));
            out.add(new SearchField(kind, kind == Kind.ATTRIBUTE ? attribute(key, at + dot + 1) : key));
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> items = new ArrayList<>();
        char quote = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keyStart = text.charAt(Math.max(0, i - 1)) == '.' || text.substring(from, i).isBlank();
            if (quote == 0 && keyStart && "`\"'".indexOf(c) >= 0) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (quote == 0 && c == ',') {
                items.add(text.substring(from, i));
                from = i + 1;
            }
        }
        items.add(text.substring(from));
        return items;
    }

    private static String unquote(String key) {
        boolean quoted = key.length() >= 2 && "`\"'".indexOf(key.charAt(0)) >= 0
                && key.charAt(key.length() - 1) == key.charAt(0);
        return quoted ? key.substring(1, key.length() - 1) : key;
    }

    private Condition condition() {
        SearchField field = field();
        skipSpace();
        int at = pos;
        Op op = operator();
        Set<Op> accepted = field.isNumeric() ? NUMBER_OPS : field.kind() == Kind.PARAM ? PARAM_OPS : TEXT_OPS;
        if (!accepted.contains(op) && !NULL_TESTS.contains(op)) {
            throw new SearchSyntaxException(at + 1, op.text + " cannot compare " + field.name() + " (accepted: "
                    + String.join(", ", accepted.stream().map(o -> o.text).toList()) + ", IS NULL, IS NOT NULL)");
        }
        skipSpace();
        Object operand = switch (op) {
            case IS_NULL, IS_NOT_NULL -> null;
            case IN, NOT_IN -> list();
            case LIKE, ILIKE -> LikePattern.of(string(field), op == Op.ILIKE);
            default -> field.isNumeric() ? number(field) : string(field);
        };
        return new Condition(field, op, operand);
    }

    private SearchField field() {
        int at = pos;
        char quote = atEnd() ? 0 : text.charAt(pos);
        String first = part("a field such as metrics.auc, params.max_depth, tags.`mlflow.runName` or status");
        if (atEnd() || text.charAt(pos) != '.' || quote == '"' || quote == '\'') {
            return new SearchField(Kind.ATTRIBUTE, attribute(first, at + 1));
        }
        pos++;
        Kind kind = entityType(first, at + 1);
        int keyAt = pos;
        String key = key(kind);
        if (kind == Kind.DATASET && !SearchField.DATASET_FIELDS.contains(key)) {
            throw new SearchSyntaxException(keyAt + 1, "unknown dataset field '" + key + "' (accepted: "
                    + String.join(", ", SearchField.DATASET_FIELDS) + ")");
        }
        return new SearchField(kind, kind == Kind.ATTRIBUTE ? attribute(key, keyAt + 1) : key);
    }

    private static Kind entityType(String prefix, int at) {
        Kind kind = SearchField.entityType(prefix);
        if (kind == null) {
            throw new SearchSyntaxException(at, "unknown entity type '" + prefix + "' (accepted: "
                    + SearchField.ENTITY_TYPES_ACCEPTED + ")");
        }
        return kind;
    }

    private static String attribute(String name, int at) {
        String attribute = SearchField.attribute(name);
        if (attribute == null) {
            throw new SearchSyntaxException(at, "unknown attribute '" + name + "' (accepted: "
                    + String.join(", ", SearchField.ATTRIBUTES.stream().sorted().toList())
                    + "; or metrics.<key>, params.<key>, tags.<key>)");
        }
        return attribute;
    }

    /** A quoted key, or words joined by dots ({@code mlflow.runName}). */
    private String key(Kind kind) {
        String what = "a key after '" + kind.prefix + ".' (quote keys with characters other than letters, digits,"
                + " '_' and '.': " + kind.prefix + ".`my-key`)";
        if (!atEnd() && "`\"'".indexOf(text.charAt(pos)) >= 0) {
            return part(what);
        }
        StringBuilder key = new StringBuilder(part(what));
        while (pos + 1 < text.length() && text.charAt(pos) == '.' && isWordChar(text.charAt(pos + 1))) {
            pos++;
            key.append('.').append(part(what));
        }
        return key.toString();
    }

    /** A word of letters, digits and '_', or a quoted or backquoted name. */
    private String part(String what) {
        if (atEnd()) {
            throw expected(what);
        }
        char c = text.charAt(pos);
        if (c == '`' || c == '"' || c == '\'') {
            return quoted();
        }
        int start = pos;
        while (!atEnd() && isWordChar(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw expected(what);
        }
        return text.substring(start, pos);
    }

    /** The text between the quotes as written; a doubled quote or a backslash before one does not end it. */
    private String quoted() {
        int start = pos;
        char quote = text.charAt(pos++);
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c == quote && pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                pos += 2;
            } else if (c == '\\' && quote != '`' && pos + 1 < text.length()) {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return text.substring(start + 1, pos - 1);
            } else {
                pos++;
            }
        }
        throw new SearchSyntaxException(start + 1, "unterminated " + quote + ": expected a closing " + quote);
    }

    private Op operator() {
        for (Op op : List.of(Op.NE, Op.LE, Op.GE, Op.EQ, Op.LT, Op.GT)) {
            if (text.startsWith(op.text, pos)) {
                if (text.startsWith("<>", pos) || text.startsWith("==", pos)) {
                    throw expected("a comparison (" + COMPARATORS + ")");
                }
                pos += op.text.length();
                return op;
            }
        }
        for (Op op : List.of(Op.LIKE, Op.ILIKE, Op.IN)) {
            if (keyword(op.text)) {
                return op;
            }
        }
        if (keyword("NOT")) {
            skipSpace();
            if (!keyword("IN")) {
                throw expected("IN after NOT");
            }
            return Op.NOT_IN;
        }
        if (keyword("IS")) {
            skipSpace();
            boolean not = keyword("NOT");
            skipSpace();
            if (!keyword("NULL")) {
                throw expected(not ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
            }
            return not ? Op.IS_NOT_NULL : Op.IS_NULL;
        }
        boolean keyGoesOn = !atEnd() && pos > 0 && "-/:@+*".indexOf(text.charAt(pos)) >= 0;
        throw expected("a comparison (" + COMPARATORS + ")" + (keyGoesOn ? "; a key with '" + text.charAt(pos)
                + "' must be quoted, e.g. metrics.`train-logloss`" : ""));
    }

    private Object number(SearchField field) {
        Matcher m = NUMBER.matcher(text).region(pos, text.length());
        boolean time = field.isTime();
        if (!m.lookingAt() || m.end() < text.length() && isWordChar(text.charAt(m.end()))) {
            throw expected(time ? "a whole number of milliseconds since the epoch"
                    : "a number (metrics compare with unquoted numbers, e.g. metrics.auc > 0.9)");
        }
        String number = m.group();
        if (time && (number.contains(".") || number.contains("e") || number.contains("E"))) {
            throw expected("a whole number of milliseconds since the epoch");
        }
        try {
            Object value = time ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
            pos = m.end();
            return value;
        } catch (NumberFormatException e) {
            throw expected("a number of milliseconds that fits 64 bits");
        }
    }

    private String string(SearchField field) {
        if (atEnd() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
            throw expected("a quoted text (" + field.kind().prefix + " and attributes are text: write "
                    + field.name() + " = 'value')");
        }
        return quoted();
    }

    private List<String> list() {
        if (atEnd() || text.charAt(pos) != '(') {
            throw expected("a list of quoted texts, e.g. ('FAILED', 'KILLED')");
        }
        pos++;
        List<String> values = new ArrayList<>();
        while (true) {
            skipSpace();
            if (atEnd() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw expected("a quoted text in the list");
            }
            values.add(quoted());
            skipSpace();
            if (!atEnd() && text.charAt(pos) == ')') {
                pos++;
                return values;
            }
            if (atEnd() || text.charAt(pos) != ',') {
                throw expected("a comma or ')' in the list");
            }
            pos++;
        }
    }

    /** A keyword in any case, standing alone (not the start of a longer word). */
    private boolean keyword(String word) {
        int end = pos + word.length();
        if (text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !isWordChar(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private SearchSyntaxException expected(String what) {
        String found = atEnd() ? "the end" : "'" + text.substring(pos, Math.min(text.length(), pos + 12))
                + (pos + 12 < text.length() ? "…'" : "'");
        return new SearchSyntaxException(pos + 1, "expected " + what + ", found " + found);
    }
}
