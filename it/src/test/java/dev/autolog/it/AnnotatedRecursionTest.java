package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        // the advice's two locals (run handle, thrown exception) are 2 of this tiny frame's ~18 words: 12.5 % of the
        // depth in the interpreter, the worst case; what the issue saw (a run per frame) reached 74 %
        int depth = deepest * 85 / 100;

        ForkedJvm.Result with = jvm().jvmArgs(INTERPRETED).run(FIXTURE, "descend", String.valueOf(depth));

        assertNoAgentErrors(with);
        assertEquals(String.valueOf(depth), with.first("COMPLETED"), with::toString);
        assertFalse(with.stderr().contains("ASSERTION FAILED"), with::toString);
        List<RunInfo> runs = runs(new LocalStoreReader(dir.resolve("mlruns")));
        assertEquals(1, runs.size(), with::toString);
        assertEquals("descend", runs.get(0).runName());
        assertEquals(RunStatus.FINISHED, runs.get(0).status());
    }
}
