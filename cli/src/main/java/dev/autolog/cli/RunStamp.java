package dev.autolog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What tells, in four stats, whether a run directory changed since it was read: the modification time and size of
 * its {@code meta.yaml} and the modification times of its {@code params}, {@code tags} and {@code metrics} folders
 * (a folder's time moves when a file is added, removed or renamed into it, which is how the local store writes
 * params and tags and how a new metric appears). A time within {@link #RACY_MILLIS} of the read is not trusted
 * (a file system's clock ticks coarsely, so a write right after the read could leave the time as it was).
 *
 * @param readAtMillis when the run was read; not part of the comparison
 */
record RunStamp(long meta, long metaSize, long params, long tags, long metrics, long readAtMillis) {
    static final long MISSING = -1;
    static final long RACY_MILLIS = 2000;

    static RunStamp of(Path runDir, long nowMillis) {
        long[] meta = timeAndSize(runDir.resolve("meta.yaml"));
        return new RunStamp(meta[0], meta[1], timeAndSize(runDir.resolve("params"))[0],
                timeAndSize(runDir.resolve("tags"))[0], timeAndSize(runDir.resolve("metrics"))[0], nowMillis);
    }

    /** Modification time in microseconds and size of a file (its link, not its target); missing: -1, -1. */
    static long[] timeAndSize(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new long[] {a.lastModifiedTime().to(TimeUnit.MICROSECONDS), a.size()};
        } catch (IOException | RuntimeException e) {
            return new long[] {MISSING, MISSING};
        }
    }

    boolean hasMeta() {
        return meta != MISSING;
    }

    /** The same files as {@code other} saw, and none of them changed so close to the read that a change could hide. */
    boolean unchangedSince(RunStamp other) {
        return meta == other.meta && metaSize == other.metaSize && params == other.params && tags == other.tags
                && metrics == other.metrics && newest() < TimeUnit.MILLISECONDS.toMicros(other.readAtMillis
                        - RACY_MILLIS);
    }

    /** No file changed so close to the read that a later change could leave these times as they are. */
    boolean settled() {
        return unchangedSince(this);
    }

    private long newest() {
        return Math.max(Math.max(meta, params), Math.max(tags, metrics));
    }
}
