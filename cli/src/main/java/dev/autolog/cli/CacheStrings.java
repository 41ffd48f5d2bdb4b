package dev.autolog.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The string table of an {@link IndexCache} file, each string decoded from the file's bytes when first asked for:
 * threads that decode runs then decode their strings too, in parallel, and one never asked for costs nothing. Where
 * each string starts is found (and checked against the file) when the table is read.
 */
final class CacheStrings {
    /** Read only at absolute positions, so threads can share it. */
    private final ByteBuffer bytes;
    private final int[] starts;
    private final int[] lengths;
    /** Two threads may decode one string at once; either copy is the same text. */
    private final String[] decoded;

    CacheStrings(ByteBuffer bytes, int[] starts, int[] lengths) {
        this.bytes = bytes;
        this.starts = starts;
        this.lengths = lengths;
        this.decoded = new String[starts.length];
    }

    int size() {
        return starts.length;
    }

    /** String number {@code i}, which the caller checked is below {@link #size()}. */
    String get(int i) {
        String s = decoded[i];
        if (s == null) {
            byte[] utf8 = new byte[lengths[i]];
            bytes.get(starts[i], utf8);
            s = new String(utf8, StandardCharsets.UTF_8);
            decoded[i] = s;
        }
        return s;
    }

    /** The strings numbered {@code refs} (each checked below {@link #size()}), decoded as they are read. */
    List<String> list(int[] refs) {
        return new Refs(refs);
    }

    private final class Refs extends AbstractList<String> implements RandomAccess {
        private final int[] refs;

        Refs(int[] refs) {
            this.refs = refs;
        }

        @Override
        public String get(int index) {
            return CacheStrings.this.get(refs[index]);
        }

        @Override
        public int size() {
            return refs.length;
        }
    }
}
