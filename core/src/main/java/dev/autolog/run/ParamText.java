package dev.autolog.run;

import java.util.Arrays;

/**
 * A param value as the text that is logged: arrays, primitive or not and nested, by their elements ({@code [1, 2]},
 * {@code [[a], [b, c]]}) as {@link Arrays#deepToString} writes them, never an identity hash such as
 * {@code [I@1b2c3d}; anything else (lists and maps included) by its own {@code toString}.
 */
public final class ParamText {
    private ParamText() {
    }

    public static String of(Object value) {
        if (value == null || !value.getClass().isArray()) {
            return String.valueOf(value);
        }
        // wrapped once so that primitive arrays too go through deepToString (which also guards self-reference)
        String wrapped = Arrays.deepToString(new Object[] {value});
        return wrapped.substring(1, wrapped.length() - 1);
    }
}
