package dev.autolog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the engine's jar on the bootstrap class path ({@code autolog.agent.boot.class.path=true}), its copy in the
 * temporary directory, which a killed JVM cannot delete, is removed by a later start.
 */
class EngineCopiesTest {
    private static final Duration UP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aStartRemovesTheCopyOfAKilledJvmAndKeepsTheCopyOfALiveOne() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ForkedJvm.Started killed = idle(tmp);
        StandaloneCluster.awaitLine(killed.out(), "UP", UP);
        killed.process().destroyForcibly().waitFor();
        List<Path> killedCopies = copies(tmp);
        assertEquals(1, killedCopies.stream().filter(p -> p.toString().endsWith(".jar")).count(),
                "the killed JVM's engine copy is left: " + killedCopies);

        ForkedJvm.Started live = idle(tmp);
        ForkedJvm.Started sweeper = null;
        try {
            StandaloneCluster.awaitLine(live.out(), "UP", UP);
            List<Path> liveCopies = copies(tmp).stream().filter(p -> !killedCopies.contains(p)).toList();
            olderThanTheMinuteACopyInTheMakingIsSpared(tmp);

            sweeper = idle(tmp);
            StandaloneCluster.awaitLine(sweeper.err(), "engine copies of ended JVMs removed", UP);
            assertTrue(Files.readString(sweeper.err()).contains("1 engine copies of ended JVMs removed, 1 in use kept"),
                    Files.readString(sweeper.err()));
            assertTrue(killedCopies.stream().noneMatch(Files::exists), "left: " + copies(tmp));
            assertTrue(liveCopies.stream().allMatch(Files::exists), "left: " + copies(tmp));
            assertEquals(2, liveCopies.size(), "a jar and its lock: " + liveCopies);
        } finally {
            end(live);
            end(sweeper);
        }
        assertEquals(List.of(), copies(tmp), "JVMs that end delete their copies");
    }

    private ForkedJvm.Started idle(Path tmp) throws Exception {
        return ForkedJvm.withClassPathDir(ForkedJvm.TEST_CLASSES).in(dir).store(dir.resolve("mlruns"))
                .property("java.io.tmpdir", tmp.toString()).property("autolog.agent.boot.class.path", "true")
                .start("dev.autolog.it.fixtures.IdleUntilInputEnds");
    }

    private static void end(ForkedJvm.Started jvm) throws Exception {
        if (jvm != null) {
            jvm.process().getOutputStream().close();
            assertEquals(0, jvm.finish().exitCode());
        }
    }

    private static List<Path> copies(Path tmp) throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("autolog-boot-")).sorted().toList();
        }
    }

    private static void olderThanTheMinuteACopyInTheMakingIsSpared(Path tmp) throws Exception {
        FileTime twoMinutesAgo = FileTime.fromMillis(System.currentTimeMillis() - 120_000);
        for (Path copy : copies(tmp)) {
            Files.setLastModifiedTime(copy, twoMinutesAgo);
        }
    }
}
