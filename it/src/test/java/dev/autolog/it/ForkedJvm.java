package dev.autolog.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a fixture program in a new JVM, with or without the real agent jar, and collects what it printed. */
final class ForkedJvm {
    static final Path AGENT_JAR = Path.of(System.getProperty("autolog.agent.jar"));
    static final Path CORE_JAR = Path.of(System.getProperty("autolog.core.jar"));
    static final Path FRAMEWORKS = Path.of(System.getProperty("autolog.frameworks.dir"));
    static final Path TEST_CLASSES = Path.of(System.getProperty("autolog.test.classes"));

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    private Path workDir;
    private String agentArgs;
    private boolean agent = true;
    private Path agentJar = AGENT_JAR;
    private int timeoutSeconds = Integer.getInteger("autolog.it.fixture.timeout", 120);
    private Path javaHome = Path.of(System.getProperty("java.home"));

    static ForkedJvm withFramework(String framework) {
        return withClassPathDir(FRAMEWORKS.resolve(framework));
    }

    /** The fixtures, the core jar and every jar of {@code dir} (a class path copied by a module of its own). */
    static ForkedJvm withClassPathDir(Path dir) {
        ForkedJvm jvm = new ForkedJvm();
        jvm.classPath.add(TEST_CLASSES.toString());
        jvm.classPath.add(CORE_JAR.toString());
        jvm.classPath.add(dir + File.separator + "*");
        return jvm;
    }

    ForkedJvm jvmArgs(List<String> args) {
        jvmArgs.addAll(args);
        return this;
    }

    ForkedJvm in(Path dir) {
        this.workDir = dir;
        return this;
    }

    ForkedJvm store(Path mlruns) {
        return property("autolog.tracking.uri", mlruns.toString());
    }

    ForkedJvm property(String key, String value) {
        jvmArgs.add("-D" + key + "=" + value);
        return this;
    }

    ForkedJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ForkedJvm agentArgs(String args) {
        this.agentArgs = args;
        return this;
    }

    ForkedJvm javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    /**
     * Lets {@link Started#finish()} wait at least {@code seconds} for the fixture (default 120 s, or the system
     * property {@code autolog.it.fixture.timeout} on a loaded machine).
     */
    ForkedJvm timeout(int seconds) {
        this.timeoutSeconds = Math.max(timeoutSeconds, seconds);
        return this;
    }

    /** Another agent jar than the build's (a copy altered by the test). */
    ForkedJvm agentJar(Path jar) {
        this.agentJar = jar;
        return this;
    }

    ForkedJvm withoutAgent() {
        this.agent = false;
        return this;
    }

    ForkedJvm classPath(String entry) {
        classPath.add(0, entry);
        return this;
    }

    Result run(String mainClass, String... args) throws IOException, InterruptedException {
        return start(mainClass, args).finish();
    }

    /** {@code java -jar autolog-agent.jar <args>}: the jar's command line. */
    static Result agentJarCommand(Path workDir, String... args) throws IOException, InterruptedException {
        return new ForkedJvm().in(workDir).runJar(AGENT_JAR, args);
    }

    /** {@code java -jar <jar> <args>} with this JVM's environment and working directory. */
    Result runJar(Path jar, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(), "-jar",
                jar.toString()));
        cmd.addAll(List.of(args));
        return launch(cmd).finish();
    }

    /** Any command (a shell such as jshell) in {@code workDir}, its output collected, at most {@code seconds}. */
    static Result command(Path workDir, List<String> cmd, long seconds) throws IOException, InterruptedException {
        return new ForkedJvm().in(workDir).launch(cmd).finish(seconds);
    }

    /** Starts the fixture without waiting for it; {@link Started#finish()} collects its output. */
    Started start(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        if (agent) {
            cmd.add("-javaagent:" + agentJar + (agentArgs == null ? "" : "=" + agentArgs));
            cmd.add("-Dautolog.debug=true");
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return launch(cmd);
    }

    private Started launch(List<String> cmd) throws IOException {
        Path out = Files.createTempFile("fork", ".out");
        Path err = Files.createTempFile("fork", ".err");
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir == null ? null : workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        keepCacheInTarget(builder);
        builder.environment().putAll(env);
        return new Started(builder.start(), cmd, out, err, timeoutSeconds);
    }

    /** The CLI's run index cache of the tests' stores stays in target/, not in the user's cache. */
    static void keepCacheInTarget(ProcessBuilder builder) {
        builder.environment().put("XDG_CACHE_HOME", TEST_CLASSES.getParent().resolve("xdg-cache").toString());
    }

    /** A fixture JVM under way. */
    record Started(Process process, List<String> cmd, Path out, Path err, int timeoutSeconds) {
        Result finish() throws IOException, InterruptedException {
            return finish(timeoutSeconds);
        }

        Result finish(long seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                String threads = threadDump(process.pid());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("fixture timed out: " + cmd + "\nits last output:\n" + tail(out) + tail(err)
                        + "\nits threads:\n" + threads);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    /** What a hung fixture was doing, so that a timeout in CI can be understood from its log alone. */
    private static String threadDump(long pid) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true)
                    .start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String[]> lines(String prefix) {
            List<String[]> out = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith(prefix + " ")) {
                    out.add(line.substring(prefix.length() + 1).split(" "));
                }
            }
            return out;
        }

        String first(String prefix) {
            return lines(prefix).get(0)[0];
        }

        /** stderr lines of the agent's own voice. */
        List<String> warnings() {
            return stderr.lines().filter(l -> l.startsWith("autolog: ")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
