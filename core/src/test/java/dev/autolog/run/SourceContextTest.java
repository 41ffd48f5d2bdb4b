package dev.autolog.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceContextTest {
    private static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void commitIsReadFromTheBranchHeadPointsAtFromASubdirectory() throws Exception {
        Files.createDirectories(dir.resolve(".git/refs/heads"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(dir.resolve(".git/refs/heads/main"), COMMIT + "\n");
        Files.createDirectories(dir.resolve("src/deep"));

        assertEquals(COMMIT, SourceContext.gitCommit(dir.resolve("src/deep")));
    }

    @Test
    void commitIsFoundInPackedRefsAndDetachedHead() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/dev\n");
        Files.writeString(dir.resolve(".git/packed-refs"), "# pack-refs\n" + COMMIT + " refs/heads/dev\n");
        assertEquals(COMMIT, SourceContext.gitCommit(dir));

        Files.writeString(dir.resolve(".git/HEAD"), COMMIT + "\n");
        assertEquals(COMMIT, SourceContext.gitCommit(dir));
    }

    @Test
    void noCommitOutsideAWorkTreeOrOnAnUnbornBranch() throws Exception {
        assertNull(SourceContext.gitCommit(dir));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        assertNull(SourceContext.gitCommit(dir));
    }
}
