package dev.autolog.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the agent says on stderr while an action runs. */
public final class Said {
    /** An action of a test, which may throw. */
    public interface Action {
        void run() throws Exception;
    }

    private Said() {
    }

    /** The lines {@link Diagnostics} printed while {@code action} ran. */
    public static List<String> during(Runnable action) {
        try {
            return text(action::run).lines().toList();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // a Runnable throws none
        }
    }

    /** What {@link Diagnostics} printed while {@code action} ran. */
    public static String text(Action action) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = Diagnostics.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            Diagnostics.setOutput(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
