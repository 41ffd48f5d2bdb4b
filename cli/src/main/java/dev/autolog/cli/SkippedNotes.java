package dev.autolog.cli;

import java.util.function.Consumer;

/**
 * Passes a command's notes on, naming at most {@link #NAMED} skipped folders and then saying once that others are
 * not named: a store of 100,000 broken folders gives 21 lines, not 100,000.
 */
final class SkippedNotes implements Consumer<String> {
    static final int NAMED = 20;

    private final Consumer<String> notes;
    private int skipped;

    SkippedNotes(Consumer<String> notes) {
        this.notes = notes;
    }

    @Override
    public synchronized void accept(String note) {
        if (!note.startsWith("skipped ")) {
            notes.accept(note);
        } else if (++skipped <= NAMED) {
            notes.accept(note);
        } else if (skipped == NAMED + 1) {
            notes.accept("skipped more folders without a readable run; only the first " + NAMED + " are named");
        }
    }
}
