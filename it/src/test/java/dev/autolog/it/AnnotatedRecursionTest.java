package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @AutologRun} on a method that calls itself: one run for the outermost call, and no extra overflow. */
class AnnotatedRecursionTest {
    private static final String FIXTURE = "dev.autolog.it.fixtures.Recursion";
    /** Interpreted frames only: their size is fixed, so the deepest recursion is the same in every JVM start. */
    private static final List<String> INTERPRETED = List.of("-Xint");

    @TempDir
    Path dir;

    private ForkedJvm jvm() {
        return ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"));
    }

    @Test
    void recursiveAnnotatedMethodIsOneRunForTheOutermostCall() throws Exception {
        ForkedJvm.Result result = jvm().run(FIXTURE, "fib");

        assertNoAgentErrors(result);
        assertEquals("55", result.first("FIB"));
        List<RunInfo> runs = runs(new LocalStoreReader(dir.resolve("mlruns")));
        assertEquals(1, runs.size(), result::toString);
        assertEquals("fib", runs.get(0).runName());
        assertEquals(RunStatus.FINISHED, runs.get(0).status());
    }

    @Test
    void recursionThatFitsTheStackWithoutTheAgentFitsWithIt() throws Exception {
        ForkedJvm.Result without = jvm().withoutAgent().jvmArgs(INTERPRETED).run(FIXTURE, "deepest");
        int deepest = Integer.parseInt(without.first("OVERFLOW"));
        // the run's one local is 1 of this frame's ~15 words: ~7 % of the depth in the interpreter, the worst case;
        // inlined advice (three locals) reached 87 %, what the issue saw (a run per frame) 74 %
        int depth = deepest * 90 / 100;

        assertOneFinishedRun(jvm().jvmArgs(INTERPRETED).run(FIXTURE, "descend", String.valueOf(depth)), "descend",
                depth);
    }

    /**
     * The case: 8,000 calls deep on the JVM's default stack, the smallest frame an annotated method has (one
     * {@code int}, static), interpreted (compiled frames are no larger). Without the agent the deepest is ~9,080;
     * with inlined advice it was ~7,380.
     */
    @Test
    void eightThousandCallsDeepOnTheDefaultStackFitAsTheyDoWithoutTheAgent() throws Exception {
        int deepest = Integer.parseInt(jvm().withoutAgent().jvmArgs(INTERPRETED).run(FIXTURE, "count-deepest")
                .first("OVERFLOW"));
        assertTrue(deepest > 8_000, "without the agent the deepest is " + deepest);

        assertOneFinishedRun(jvm().jvmArgs(INTERPRETED).run(FIXTURE, "count", "8000"), "count", 8_001);
    }

    private void assertOneFinishedRun(ForkedJvm.Result with, String name, int frames) {
        assertNoAgentErrors(with);
        assertEquals(String.valueOf(frames), with.first("COMPLETED"), with::toString);
        assertFalse(with.stderr().contains("ASSERTION FAILED"), with::toString);
        List<RunInfo> runs = runs(new LocalStoreReader(dir.resolve("mlruns")));
        assertEquals(1, runs.size(), with::toString);
        assertEquals(name, runs.get(0).runName());
        assertEquals(RunStatus.FINISHED, runs.get(0).status());
    }
}
