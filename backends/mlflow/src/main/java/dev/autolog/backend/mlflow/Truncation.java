package dev.autolog.backend.mlflow;

import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits values into MLflow's length limits instead of having the whole batch rejected: param values to 6000
 * characters, tag values to 8000. Each cut is described in {@link #notes()}, which the shipper publishes as the run
 * tag {@value #TAG}. Keys need no cut: the spool, a {@link dev.autolog.backend.LocalStore}, stores every key under
 * one MLflow accepts.
 */
final class Truncation {
    static final String TAG = "autolog.truncated";
    static final int MAX_PARAM_VALUE = 6000;
    static final int MAX_TAG_VALUE = 8000;

    private final List<String> notes = new ArrayList<>();

    Param param(Param p) {
        return new Param(p.key(), cut("param", p.key(), p.value(), MAX_PARAM_VALUE));
    }

    Tag tag(Tag t) {
        return new Tag(t.key(), cut("tag", t.key(), t.value(), MAX_TAG_VALUE));
    }

    /** One line per cut, e.g. "param model_json: 9120 chars cut to 6000". */
    List<String> notes() {
        return notes;
    }

    private String cut(String what, String key, String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        notes.add(what + " " + prefix(key, 80) + ": " + value.length() + " chars cut to " + max);
        return prefix(value, max);
    }

    /** The first {@code max} chars, one fewer when the cut would split a surrogate pair. */
    static String prefix(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** The tag value listing all {@code notes}, itself within the tag limit. */
    static String tagValue(List<String> notes) {
        return prefix(String.join("; ", notes), MAX_TAG_VALUE);
    }
}
