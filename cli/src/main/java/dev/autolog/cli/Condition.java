package dev.autolog.cli;

import java.util.List;

/**
 * One comparison of a search filter, evaluated as MLflow's file store does: a run without the key (or with no end
 * time) matches no comparison, only {@code IS NULL}; a NaN metric matches only {@code !=}; text compares
 * case-sensitively except with {@code ILIKE}.
 *
 * @param operand a Double (metrics), a Long (time attributes), a String, a {@link LikePattern} (LIKE, ILIKE), a list of Strings
 *                (IN, NOT IN) or null (IS NULL, IS NOT NULL)
 */
record Condition(SearchField field, Op op, Object operand) {
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"),
        NOT_IN("NOT IN"), IS_NULL("IS NULL"), IS_NOT_NULL("IS NOT NULL");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    boolean matches(RunValues run) {
        Object value = run.value(field);
        if (op == Op.IS_NULL || op == Op.IS_NOT_NULL) {
            return (value == null) == (op == Op.IS_NULL);
        }
        if (value == null) {
            return false;
        }
        if (value instanceof List<?> values) { // a run's datasets: it matches when one of them does
            return values.stream().anyMatch(v -> matches(f -> v));
        }
        if (value instanceof Double d) {
            return compare(d, (Double) operand);
        }
        if (value instanceof Long l) {
            return compare(l.doubleValue(), ((Long) operand).doubleValue());
        }
        String text = (String) value;
        return switch (op) {
            case EQ -> text.equals(operand);
            case NE -> !text.equals(operand);
            case LIKE, ILIKE -> ((LikePattern) operand).matches(text);
            case IN -> ((List<?>) operand).contains(text);
            case NOT_IN -> !((List<?>) operand).contains(text);
            default -> false;
        };
    }

    /** IEEE comparisons, as Python's: NaN is neither less, equal nor greater than anything. */
    private boolean compare(double value, double to) {
        return switch (op) {
            case EQ -> value == to;
            case NE -> value != to;
            case LT -> value < to;
            case LE -> value <= to;
            case GT -> value > to;
            case GE -> value >= to;
            default -> false;
        };
    }
}
