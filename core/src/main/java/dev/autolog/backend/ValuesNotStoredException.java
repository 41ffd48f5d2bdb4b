package dev.autolog.backend;

import java.io.IOException;

/** A batch was written in part: {@link #values()} metric points, params and tags of it were not stored. */
public final class ValuesNotStoredException extends IOException {
    private final long values;

    public ValuesNotStoredException(long values, IOException first) {
        super(StoreErrors.describe(first), first);
        this.values = values;
    }

    public long values() {
        return values;
    }
}
