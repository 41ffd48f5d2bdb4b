package dev.autolog.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The string table of an {@link IndexCache} file, each string decoded from the file's bytes when first asked for:
 * threads that decode runs then decode their strings too, in parallel, and one never asked for costs nothing. Where
 * each string starts is written in the file, and checked against it when the table is read.
 */
final class CacheStrings {
    /** Read only at absolute positions, so threads can share it. */
    private final ByteBuffer bytes;
    /** Where the table's bytes start in {@link #bytes}. */
    private final int at;
    /** Where each string ends in the table's bytes, after a 0 where the first starts; checked not to decrease. */
    private final int[] ends;
    /** Two threads may decode one string at once; either copy is the same text. */
    private final String[] decoded;

    CacheStrings(ByteBuffer bytes, int at, int[] ends) {
        this.bytes = bytes;
        this.at = at;
        this.ends = ends;
        this.decoded = new String[ends.length - 1];
    }

    int size() {
        return decoded.length;
    }

    /** String number {@code i}, which the caller checked is below {@link #size()}. */
    String get(int i) {
        String s = decoded[i];
        if (s == null) {
            byte[] utf8 = new byte[ends[i + 1] - ends[i]];
            bytes.get(at + ends[i], utf8);
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
