package dev.autolog.backend;

import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metric files a store appends to, kept open (at most {@value #MAX_OPEN}, the least recently written closed
 * first): a training appends to the same few files every few milliseconds, and opening, creating the folders of and
 * closing each file per append cost more than the append. Before each append the path is looked at once more (one
 * {@code lstat}): when the file is no longer the one held open (deleted with its store, replaced), it is opened
 * again as the first time, so no point goes into a file nobody can read.
 */
final class AppendFiles implements AutoCloseable {
    static final int MAX_OPEN = 64;

    private record Open(FileChannel channel, Object fileKey) {
    }

    private final Map<Path, Open> open = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * The file (by its key) each path held when a write of ours to it last succeeded, so ended with a whole line: it
     * is not read again when opened again (more keys than {@link #MAX_OPEN} are opened at every append).
     */
    private final Map<Path, Object> endsWhole = new HashMap<>();

    /**
     * Appends with one write on a channel in append mode, so concurrent appenders never split a line; the file and
     * its folders below {@code base} are never symbolic links ({@link StoreFiles#folderInside}).
     */
    synchronized void append(Path base, Path file, byte[] content) throws IOException {
        Open held = open.get(file);
        if (held != null && !held.fileKey().equals(fileKey(file))) {
            open.remove(file);
            closeQuietly(held);
            held = null;
        }
        if (held == null) {
            held = openNew(base, file);
            if (!Objects.equals(held.fileKey(), endsWhole.get(file))) {
                cutToLastLine(file, held.channel());
            }
            open.put(file, held);
            evictBeyondLimit();
        }
        ByteBuffer buf = ByteBuffer.wrap(content);
        try {
            while (buf.hasRemaining()) {
                held.channel().write(buf);
            }
        } catch (IOException e) {
            open.remove(file);
            endsWhole.remove(file);
            cutBack(held.channel(), buf.position()); // a full disk takes part of a write: no torn line stays
            closeQuietly(held);
            throw e;
        }
        if (content.length > 0 && content[content.length - 1] == '\n') {
            endsWhole.put(file, held.fileKey());
        } else if (content.length > 0) {
            endsWhole.remove(file);
        }
    }

    /**
     * Cuts off the {@code written} bytes a failed write left (the calls before the failing one wrote them; the failing
     * one wrote nothing); the file's size is asked only then, not at every append. Best effort: the write's own
     * failure is what is said.
     */
    private static void cutBack(FileChannel channel, int written) {
        try {
            if (written > 0) {
                channel.truncate(channel.size() - written);
            }
        } catch (IOException e) {
            // left for the next opening, which cuts the file back to its last complete line
        }
    }

    /** Closes the files under {@code dir} (a run or model whose metrics are complete). */
    synchronized void closeUnder(Path dir) {
        List<Open> closing = new ArrayList<>();
        for (Iterator<Map.Entry<Path, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Open> e = it.next();
            if (e.getKey().startsWith(dir)) {
                closing.add(e.getValue());
                it.remove();
            }
        }
        endsWhole.keySet().removeIf(file -> file.startsWith(dir));
        closing.forEach(AppendFiles::closeQuietly);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(AppendFiles::closeQuietly);
        open.clear();
        endsWhole.clear();
    }

    /** The open files; for tests. */
    synchronized int openCount() {
        return open.size();
    }

    private static Open openNew(Path base, Path file) throws IOException {
        StoreFiles.folderInside(base, file.getParent());
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) { // the JDK says only "Too many levels of symbolic links", without the file
            if (Files.isSymbolicLink(file)) {
                throw new IOException(file + " is a symbolic link: the store appends only to real files in a run", e);
            }
            throw e;
        }
        try {
            return new Open(channel, fileKey(file));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A file whose last line is cut short (a write the disk had no room for, whose cut could not be undone) is cut
     * back to its last complete line before anything is appended: the next line would otherwise be glued onto it,
     * and readers (MLflow's too) would take both for one broken line. {@code appending} cannot read (the JDK opens
     * no channel for both reading and appending), so the end is read through a channel of its own.
     */
    private static void cutToLastLine(Path file, FileChannel appending) {
        try {
            long size = appending.size();
            if (size > 0) {
                cutToLastLine(file, appending, size);
            }
        } catch (IOException e) {
            Diagnostics.debug("could not look at the end of " + file + " before appending: " + e);
        }
    }

    private static void cutToLastLine(Path file, FileChannel appending, long size) throws IOException {
        try (FileChannel reading = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (readFully(reading, ByteBuffer.allocate(1), size - 1).get(0) == '\n') {
                return;
            }
            ByteBuffer tail = readFully(reading, ByteBuffer.allocate((int) Math.min(size, 64 << 10)),
                    size - Math.min(size, 64 << 10));
            long from = size - tail.capacity();
            for (int i = tail.capacity() - 1; i >= 0; i--) {
                if (tail.get(i) == '\n') {
                    appending.truncate(from + i + 1);
                    return;
                }
            }
            if (from == 0) {
                appending.truncate(0); // one cut line and nothing before it
            } // else a line longer than 64 KiB: no metric line is, so it is left as it is
        }
    }

    private static ByteBuffer readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("the file got shorter while its end was read");
            }
        }
        return buf;
    }

    /** What identifies the file at {@code file} now (device and inode); null when there is none. */
    private static Object fileKey(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key != null ? key : new Object(); // no file keys on this platform: every append opens anew
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private void evictBeyondLimit() {
        Iterator<Open> eldest = open.values().iterator();
        while (open.size() > MAX_OPEN) {
            Open o = eldest.next();
            eldest.remove();
            closeQuietly(o);
        }
    }

    private static void closeQuietly(Open o) {
        try {
            o.channel().close();
        } catch (IOException e) {
            // nothing was buffered: every append was written through before it returned
        }
    }
}
