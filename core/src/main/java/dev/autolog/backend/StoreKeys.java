package dev.autolog.backend;

import java.io.IOException;
import java.nio.file.Path;

/** Validation of keys, ids and artifact paths before they become file names in the local store. */
final class StoreKeys {
    private static final int MAX_ID = 256;

    private StoreKeys() {
    }

    /**
     * MLflow's run id rule ({@code [A-Za-z0-9][A-Za-z0-9_-]{0,255}}); experiment ids are a subset. A loop rather than
     * a regular expression: the writer checks a run or model id at every batch.
     */
    static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID || !isLetterOrDigit(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    static void checkRunId(String runId) throws IOException {
        if (!isValidId(runId)) {
            throw new IOException("invalid run id '" + printable(runId)
                    + "' (accepted: 1-256 letters, digits, '_' or '-', starting with a letter or digit)");
        }
    }

    /** The file of a metric, param or tag key under {@code folder}; '/' in the key makes subdirectories. */
    static Path keyFile(Path folder, String key) throws IOException {
        checkKey(key);
        Path file = folder;
        for (String segment : key.split("/")) {
            file = file.resolve(segment);
        }
        return file;
    }

    static void checkKey(String key) throws IOException {
        if (!MlflowKeys.isAccepted(key)) {
            throw new IOException("invalid key '" + printable(key) + "' (accepted: letters, digits, '_', '-', '.', ' '"
                    + " and '/', at most " + MlflowKeys.MAX_KEY + " characters; no leading or trailing '/', no empty,"
                    + " '.' or '..' part between slashes)");
        }
    }

    /**
     * The target of an artifact path inside {@code artifactsDir}. The empty path is the directory itself, allowed
     * only when {@code allowRoot}.
     */
    static Path artifactTarget(Path artifactsDir, String artifactPath, boolean allowRoot) throws IOException {
        String path = artifactPath == null ? "" : artifactPath;
        String accepted = " (accepted: a relative '/'-separated path inside the run's artifacts, without '..')";
        if (path.isEmpty() && !allowRoot) {
            throw new IOException("artifact path is empty" + accepted);
        }
        boolean escapes = path.startsWith("/") || path.startsWith("\\") || path.indexOf('\0') >= 0
                || path.matches("[A-Za-z]:.*");
        for (String segment : path.split("[/\\\\]")) {
            escapes |= segment.equals("..");
        }
        Path base = artifactsDir.normalize();
        Path target = base;
        if (!escapes) {
            for (String segment : path.split("/")) {
                if (!segment.isEmpty() && !segment.equals(".")) {
                    target = target.resolve(segment);
                }
            }
            target = target.normalize();
        }
        if (escapes || !target.startsWith(base)) {
            throw new IOException("artifact path '" + printable(path) + "' escapes the run's artifact directory" + accepted);
        }
        return target;
    }

    /** The text with control characters replaced, so that an error message stays on one line. */
    static String printable(String s) {
        return s == null ? "null" : s.replaceAll("\\p{Cntrl}", "?");
    }
}
