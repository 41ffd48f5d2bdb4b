package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a directory the agent saves into, a file or directory gets the mode Hadoop's own local
 * {@code setPermission} gives its twin elsewhere; anything else, and a mode NIO cannot set, is left to Hadoop.
 */
class OwnSavePermissionsTest {
    /** Per round, a file's mode and then its directory's (the owner keeps access, whoever runs the test). */
    private static final short[][] MODES = {{0640, 0750}, {0604, 0711}, {0644, 0755}, {0600, 0700}};
    private static final String[] ENTRIES = {"metadata/part-00000", "metadata"};

    @TempDir
    Path dir;

    @Test
    void aClaimedSaveGetsTheModesHadoopSetsAndEverythingElseIsLeftToHadoop() throws Exception {
        RawLocalFileSystem hadoop = new RawLocalFileSystem();
        hadoop.initialize(URI.create("file:///"), new Configuration());
        Path ours = twin(dir.resolve("ours"));
        Path theirs = twin(dir.resolve("theirs"));
        Path sibling = twin(dir.resolve("ours2"));
        OwnSavePermissions replacement = new OwnSavePermissions();
        OwnSavePermissions.claim(dir.resolve("ours"));
        try {
            for (short[] round : MODES) {
                for (int i = 0; i < ENTRIES.length; i++) {
                    String entry = ENTRIES[i];
                    short mode = round[i];
                    assertTrue(replacement.replace(hadoop, args(ours.resolve(entry), mode)), entry);
                    hadoop.setPermission(new org.apache.hadoop.fs.Path(theirs.resolve(entry).toUri()),
                            new FsPermission(mode));
                    assertEquals(Files.getPosixFilePermissions(theirs.resolve(entry)),
                            Files.getPosixFilePermissions(ours.resolve(entry)),
                            () -> entry + " " + Integer.toOctalString(mode));
                }
            }
            assertFalse(replacement.replace(hadoop, args(theirs.resolve("metadata"), (short) 0700)));
            assertFalse(replacement.replace(hadoop, args(sibling.resolve("metadata"), (short) 0700)));
            assertFalse(replacement.replace(hadoop, args(ours.resolve("metadata"), (short) 01755)));
        } finally {
            OwnSavePermissions.release(dir.resolve("ours"));
        }
        assertFalse(replacement.replace(hadoop, args(ours.resolve("metadata"), (short) 0700)));
    }

    /** A save-like tree: {@code metadata/part-00000}. */
    private static Path twin(Path root) throws Exception {
        Files.writeString(Files.createDirectories(root.resolve("metadata")).resolve("part-00000"), "{}\n");
        return root;
    }

    private static Object[] args(Path path, short mode) {
        return new Object[] {new org.apache.hadoop.fs.Path(path.toUri()), new FsPermission(mode)};
    }
}
