package dev.autolog.backend;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Collects the failures of the writes of one batch and how many values they did not store. */
final class Failures {
    private final List<IOException> errors = new ArrayList<>();
    private long notStored;

    interface Write {
        void run() throws IOException;
    }

    /** Runs {@code write}; when it fails, the {@code values} it was to store count as not stored. */
    void run(long values, Write write) {
        try {
            write.run();
        } catch (IOException e) {
            notStored += values;
            errors.add(e);
        }
    }

    /** The first failure, the others attached as suppressed. */
    void throwIfAny() throws ValuesNotStoredException {
        if (!errors.isEmpty()) {
            ValuesNotStoredException e = new ValuesNotStoredException(notStored, errors.get(0));
            errors.subList(1, errors.size()).forEach(e::addSuppressed);
            throw e;
        }
    }
}
