package dev.autolog.agent;

import java.io.File;
import java.io.FilenameFilter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Removes the engine copies ({@link EngineCopy}) of JVMs that are gone: a killed JVM never runs its delete-at-exit,
 * and a host whose JVMs get killed would otherwise fill its temporary directory. A copy goes only when its lock file
 * can be locked (no live JVM holds it) or, for a copy without one (an older agent's, or one whose JVM deleted its
 * lock at exit but could not delete the open jar, as on Windows), when it is older than {@link #MIN_AGE_MILLIS}. Files
 * younger than that are left alone, as they may be another JVM's copy in the making. Another user's files, files
 * that vanish meanwhile and any I/O error are skipped. Runs on a daemon thread so that a large temporary directory
 * never delays start-up; at most {@link #MAX_COPIES} copies are looked at per JVM start.
 */
final class StaleEngineCopies implements Runnable {
    static final long MIN_AGE_MILLIS = 60_000;
    static final int MAX_COPIES = 256;

    private final Path ownCopy;
    private int removed;
    private int inUse;

    StaleEngineCopies(Path ownCopy) {
        this.ownCopy = ownCopy;
    }

    static void sweepInBackground(Path ownCopy) {
        try {
            Thread thread = new Thread(new StaleEngineCopies(ownCopy), "autolog-engine-copies-sweep");
            thread.setDaemon(true);
            thread.start();
        } catch (Throwable t) { // no thread to spare: the next start sweeps
            debug("could not start looking for old engine copies: " + t);
        }
    }

    @Override
    public void run() {
        try {
            sweep(System.currentTimeMillis());
            debug(removed + " engine copies of ended JVMs removed, " + inUse + " in use kept, in "
                    + ownCopy.getParent());
        } catch (Throwable t) {
            debug("could not look for old engine copies in " + ownCopy.getParent() + ": " + t);
        }
    }

    void sweep(long now) {
        File dir = ownCopy.getParent().toFile();
        String[] names = dir.list(new FilenameFilter() {
            @Override
            public boolean accept(File d, String name) {
                return name.startsWith(EngineCopy.PREFIX);
            }
        });
        if (names == null) {
            return;
        }
        Set<String> all = new HashSet<String>(Arrays.asList(names));
        String own = ownCopy.getFileName().toString();
        int looked = 0;
        for (String name : names) {
            if (looked >= MAX_COPIES) {
                return;
            }
            String jar = name.endsWith(EngineCopy.JAR + EngineCopy.LOCK)
                    ? name.substring(0, name.length() - EngineCopy.LOCK.length()) : name;
            boolean locked = !jar.equals(name);
            if (jar.equals(own) || !jar.endsWith(EngineCopy.JAR) || !locked && all.contains(jar + EngineCopy.LOCK)) {
                continue; // our own, not ours to judge, or judged through its lock file
            }
            looked++;
            if (locked) {
                removeIfUnlocked(new File(dir, jar).toPath(), new File(dir, name).toPath(), now);
            } else if (old(new File(dir, jar), now) && new File(dir, jar).delete()) {
                removed++;
            }
        }
    }

    private void removeIfUnlocked(Path jar, Path lock, long now) {
        if (!old(lock.toFile(), now)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                inUse++;
                return;
            }
            Files.deleteIfExists(jar);
            Files.delete(lock);
            removed++;
        } catch (IOException | OverlappingFileLockException e) {
            // another user's, gone meanwhile, or locked by this JVM: not ours to remove
        }
    }

    private static boolean old(File file, long now) {
        return now - file.lastModified() >= MIN_AGE_MILLIS;
    }

    private static void debug(String message) {
        if (Boolean.getBoolean("autolog.debug")) {
            System.err.println("autolog [debug]: " + message);
        }
    }

    int removed() {
        return removed;
    }

    int inUse() {
        return inUse;
    }
}
