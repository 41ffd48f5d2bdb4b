package dev.autolog.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags MLflow's context providers put on every run: user, source name (the main class or jar; in a notebook or
 * shell the notebook or script, see {@link ShellSource}) and type ({@code LOCAL}, {@code NOTEBOOK}),
 * the git commit when the working directory is inside a git work tree; and this process as the runs' writer
 * ({@link WriterProcess}). Read from files, so computed once
 * on the writer thread.
 */
final class SourceContext {

    private SourceContext() {
    }

    static Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", System.getProperty("user.name", "unknown"));
        tags.putAll(WriterProcess.tags());
        String command = System.getProperty("sun.java.command", "").trim();
        Path workDir = Paths.get(System.getProperty("user.dir", ".")).toAbsolutePath();
        String shell = ShellSource.name(command, System.getenv(), workDir, ShellSource::parentArguments);
        if (shell != null) {
            tags.put("mlflow.source.name", shell);
            tags.put("mlflow.source.type", "NOTEBOOK");
        } else {
            if (!command.isEmpty()) {
                tags.put("mlflow.source.name", command.split("\\s+", 2)[0]);
            }
            tags.put("mlflow.source.type", "LOCAL");
        }
        String commit = gitCommit(workDir);
        if (commit != null) {
            tags.put("mlflow.source.git.commit", commit);
        }
        return tags;
    }

    /** The commit HEAD points at, read from the .git directory without running git; null outside a work tree. */
    static String gitCommit(Path start) {
        try {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path git = dir.resolve(".git");
                if (Files.isRegularFile(git)) {
                    git = worktreeGitDir(dir, git);
                }
                if (git != null && Files.isDirectory(git)) {
                    return headCommit(git);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Path worktreeGitDir(Path dir, Path gitFile) throws IOException {
        String text = Files.readString(gitFile, StandardCharsets.UTF_8).trim();
        return text.startsWith("gitdir:") ? dir.resolve(text.substring(7).trim()).normalize() : null;
    }

    private static String headCommit(Path git) throws IOException {
        Path headFile = git.resolve("HEAD");
        if (!Files.isRegularFile(headFile)) {
            return null;
        }
        String head = Files.readString(headFile, StandardCharsets.UTF_8).trim();
        if (!head.startsWith("ref:")) {
            return isCommitId(head) ? head : null;
        }
        String ref = head.substring(4).trim();
        Path common = commonDir(git);
        for (Path base : List.of(git, common)) {
            Path refFile = base.resolve(ref);
            if (Files.isRegularFile(refFile)) {
                String id = Files.readString(refFile, StandardCharsets.UTF_8).trim();
                return isCommitId(id) ? id : null;
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref) && isCommitId(line.substring(0, line.indexOf(' ')))) {
                    return line.substring(0, line.indexOf(' '));
                }
            }
        }
        return null; // a branch with no commit yet
    }

    private static Path commonDir(Path git) throws IOException {
        Path file = git.resolve("commondir");
        return Files.isRegularFile(file)
                ? git.resolve(Files.readString(file, StandardCharsets.UTF_8).trim()).normalize() : git;
    }

    private static boolean isCommitId(String s) {
        return s.matches("[0-9a-f]{40}([0-9a-f]{24})?");
    }
}
