package dev.autolog.backend.mlflow;

/** The JSON grammar of a number (RFC 8259 §6), so text from a file can go into a request body as it is. */
final class JsonNumber {
    private JsonNumber() {
    }

    /** Whether {@code b[from, to)} is exactly one JSON number: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}. */
    static boolean isOne(byte[] b, int from, int to) {
        int i = from;
        if (i < to && b[i] == '-') {
            i++;
        }
        if (i < to && b[i] == '0') {
            i++;
        } else {
            int start = i;
            i = digits(b, i, to);
            if (i == start) {
                return false;
            }
        }
        if (i < to && b[i] == '.') {
            int start = ++i;
            i = digits(b, i, to);
            if (i == start) {
                return false;
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int start = i;
            i = digits(b, i, to);
            if (i == start) {
                return false;
            }
        }
        return i == to;
    }

    private static int digits(byte[] b, int i, int to) {
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }
}
