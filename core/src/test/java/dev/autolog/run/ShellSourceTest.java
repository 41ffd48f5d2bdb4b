package dev.autolog.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellSourceTest {
    private static final Path WORK = Path.of("/home/ana/work");
    private static final List<String> NO_PARENT = List.of();

    @Test
    void jshellCellsRunInARemoteJvmWhoseParentToolNamesTheScript() {
        List<String> tool = List.of("--class-path", "a.jar:b.jar", "-R-Xmx1g", "--startup", "DEFAULT", "DEFAULT",
                "nb/train.jsh", "more.jsh");
        assertEquals("/home/ana/work/nb/train.jsh",
                ShellSource.name("jdk.jshell.execution.RemoteExecutionControl 41327", Map.of(), WORK, () -> tool));
        assertEquals("jshell", ShellSource.name("jdk.jshell.execution.RemoteExecutionControl 41327", Map.of(), WORK,
                () -> List.of("--class-path", "a.jar")));
    }

    @Test
    void jshellWithLocalExecutionNamesItsOwnScript() {
        assertEquals("/tmp/s.jsh", ShellSource.name(
                "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider --execution local /tmp/s.jsh", Map.of(), WORK,
                () -> NO_PARENT));
        assertEquals("jshell", ShellSource.name("jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider", Map.of(),
                WORK, () -> NO_PARENT));
    }

    @Test
    void sparkShellIsNamedByItsScriptOrItself() {
        String submitted = "org.apache.spark.deploy.SparkSubmit --class org.apache.spark.repl.Main --name Spark shell"
                + " spark-shell -i fit.scala";
        assertEquals("/home/ana/work/fit.scala", ShellSource.name(submitted, Map.of(), WORK, () -> NO_PARENT));
        assertEquals("spark-shell", ShellSource.name("org.apache.spark.repl.Main", Map.of(), WORK, () -> NO_PARENT));
    }

    @Test
    void jupyterKernelsAreNamedByTheNotebookJupyterServerGives() {
        assertEquals("/home/ana/nb/Train.ipynb", ShellSource.name("org.dflib.jjava.JJava /tmp/kernel-1.json",
                Map.of("JPY_SESSION_NAME", "/home/ana/nb/Train.ipynb", "JPY_PARENT_PID", "12"), WORK,
                () -> NO_PARENT));
        assertEquals("jupyter", ShellSource.name("/opt/jjava.jar /tmp/kernel-1.json",
                Map.of("JPY_PARENT_PID", "12"), WORK, () -> NO_PARENT));
    }

    @Test
    void anOrdinaryProgramIsNoShell() {
        assertNull(ShellSource.name("com.example.Train --epochs 3", Map.of(), WORK, () -> NO_PARENT));
        assertNull(ShellSource.name("", Map.of(), WORK, () -> NO_PARENT));
    }

    @Test
    void onlyJshellsJvmsWalkTheStackForCellCode() {
        assertTrue(ShellCells.isShellCommand("jdk.jshell.execution.RemoteExecutionControl 40219"));
        assertTrue(ShellCells.isShellCommand("jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider cells.jsh"));
        assertFalse(ShellCells.isShellCommand("com.example.Train --epochs 3"));
        assertFalse(ShellCells.isShellCommand(""));
    }
}
