package dev.autolog.backend;

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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            open.put(file, held);
            evictBeyondLimit();
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                held.channel().write(buf);
            }
        } catch (IOException e) {
            open.remove(file);
            closeQuietly(held);
            throw e;
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
        closing.forEach(AppendFiles::closeQuietly);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(AppendFiles::closeQuietly);
        open.clear();
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
