package dev.autolog.cli;

/** A search filter, order-by or column list that cannot be read: where (1-based) and what was expected there. */
final class SearchSyntaxException extends RuntimeException {
    private final int position;

    SearchSyntaxException(int position, String message) {
        super(message, null, false, false);
        this.position = position;
    }

    int position() {
        return position;
    }

    /** For one line of output: {@code at position 14: expected ...}. */
    String describe() {
        return "at position " + position + ": " + getMessage();
    }
}
