package dev.autolog.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * SQL's LIKE: {@code %} any text, {@code _} any one character (a code point, as Python's {@code re} in MLflow), a
 * backslash makes the next character literal; {@code ILIKE} ignores case. Matched by running the pattern's positions
 * as one set of bits over the text, so the time is the text's length times the pattern's length / 64 whatever the
 * pattern: as a regular expression, {@code '%a%a%a%b'} backtracked for hours over a 64 KiB param, and a pattern of
 * 20,000 {@code %_} overflowed the stack while it was compiled.
 */
final class LikePattern {
    private static final int ANY_ONE = -1;
    private static final int ANY_TEXT = -2;

    private final boolean ignoreCase;
    /** Bit i: the pattern's first i elements match the text read so far; bit n (all of them) means a match. */
    private final int words;
    private final long[] anyOne;
    private final long[] anyText;
    private final Map<Integer, long[]> literal = new HashMap<>();
    private final int elements;

    private LikePattern(int[] pattern, int length, boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        this.elements = length;
        this.words = (length >>> 6) + 1;
        this.anyOne = new long[words];
        this.anyText = new long[words];
        for (int i = 0; i < length; i++) {
            long[] mask = pattern[i] == ANY_ONE ? anyOne : pattern[i] == ANY_TEXT ? anyText
                    : literal.computeIfAbsent(pattern[i], c -> new long[words]);
            mask[i >>> 6] |= 1L << i;
        }
    }

    static LikePattern of(String pattern, boolean ignoreCase) {
        int[] elements = new int[pattern.length()];
        int n = 0;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\' && i < pattern.length()) {
                c = pattern.codePointAt(i);
                i += Character.charCount(c);
                elements[n++] = fold(c, ignoreCase);
            } else if (c == '%') {
                if (n == 0 || elements[n - 1] != ANY_TEXT) { // '%%' is '%'
                    elements[n++] = ANY_TEXT;
                }
            } else {
                elements[n++] = c == '_' ? ANY_ONE : fold(c, ignoreCase);
            }
        }
        return new LikePattern(elements, n, ignoreCase);
    }

    boolean matches(String text) {
        long[] states = new long[words];
        long[] next = new long[words];
        states[0] = 1;
        skipAnyText(states);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            long[] same = literal.get(fold(c, ignoreCase));
            long carry = 0;
            boolean any = false;
            for (int w = 0; w < words; w++) {
                long advancing = states[w] & (anyOne[w] | (same == null ? 0 : same[w]));
                next[w] = advancing << 1 | carry | states[w] & anyText[w];
                carry = advancing >>> 63;
                any |= next[w] != 0;
            }
            if (!any) {
                return false;
            }
            skipAnyText(next);
            long[] swap = states;
            states = next;
            next = swap;
        }
        return (states[elements >>> 6] >>> elements & 1) != 0;
    }

    /** Where a {@code %} is reached, what follows it is reached too (it may match no text). */
    private void skipAnyText(long[] states) {
        long carry = 0;
        for (int w = 0; w < words; w++) {
            long skipping = states[w] & anyText[w];
            states[w] |= skipping << 1 | carry;
            carry = skipping >>> 63;
        }
    }

    private static int fold(int c, boolean ignoreCase) {
        return ignoreCase ? Character.toLowerCase(Character.toUpperCase(c)) : c;
    }
}
