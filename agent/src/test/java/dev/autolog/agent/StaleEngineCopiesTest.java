package dev.autolog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleEngineCopiesTest {
    private static final long NOW = System.currentTimeMillis();
    private static final long OLD = NOW - StaleEngineCopies.MIN_AGE_MILLIS;
    private static final long YOUNG = NOW - StaleEngineCopies.MIN_AGE_MILLIS + 1000;

    @TempDir
    Path dir;

    @Test
    void removesUnlockedAndLockLessCopiesOlderThanAMinuteAndNothingElse() throws IOException {
        Path own = EngineCopy.create(dir, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        age(own, OLD);
        age(EngineCopy.lockOf(own), OLD);
        file("autolog-boot-1.jar", OLD);
        file("autolog-boot-1.jar.lock", OLD); // its JVM is gone
        file("autolog-boot-2.jar", OLD); // an older agent's copy, no lock
        file("autolog-boot-3.jar.lock", OLD); // its jar already gone
        file("autolog-boot-4.jar", YOUNG);
        file("autolog-boot-4.jar.lock", YOUNG); // in the making
        file("autolog-boot-5.jar", YOUNG);
        file("autolog-boot-6.jar", OLD);
        file("autolog-boot-6.jar.lock", OLD);
        file("autolog-boot-notes.txt", OLD);
        file("other.jar", OLD);
        StaleEngineCopies sweep = new StaleEngineCopies(own);

        try (FileChannel held = FileChannel.open(dir.resolve("autolog-boot-6.jar.lock"), StandardOpenOption.WRITE)) {
            held.lock();
            sweep.sweep(NOW);
        }

        assertEquals(new TreeSet<String>(Arrays.asList(own.getFileName().toString(),
                EngineCopy.lockOf(own).getFileName().toString(), "autolog-boot-4.jar", "autolog-boot-4.jar.lock",
                "autolog-boot-5.jar", "autolog-boot-6.jar", "autolog-boot-6.jar.lock", "autolog-boot-notes.txt",
                "other.jar")), names());
        assertEquals(3, sweep.removed());
    }

    @Test
    void looksAtABoundedNumberOfCopiesPerStart() throws IOException {
        Path own = EngineCopy.create(dir, new ByteArrayInputStream(new byte[0]));
        for (int i = 0; i < StaleEngineCopies.MAX_COPIES + 10; i++) {
            file("autolog-boot-" + i + ".jar", OLD);
        }

        new StaleEngineCopies(own).sweep(NOW);
        assertEquals(12, names().size(), "ten copies and our own jar and lock: " + names());
        new StaleEngineCopies(own).sweep(NOW);
        assertEquals(2, names().size());
    }

    @Test
    void theCopyHoldsTheEngineAndOnlyItsOwnerMayReadIt() throws IOException {
        Path own = EngineCopy.create(dir, new ByteArrayInputStream(new byte[] {1, 2, 3}));

        assertEquals(Arrays.toString(new byte[] {1, 2, 3}), Arrays.toString(Files.readAllBytes(own)));
        if (Files.getFileStore(own).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(own)));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(EngineCopy.lockOf(own))));
        }
    }

    private void file(String name, long modified) throws IOException {
        age(Files.createFile(dir.resolve(name)), modified);
    }

    private static void age(Path file, long modified) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }

    private TreeSet<String> names() throws IOException {
        TreeSet<String> names = new TreeSet<String>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                names.add(file.getFileName().toString());
            }
        }
        return names;
    }
}
