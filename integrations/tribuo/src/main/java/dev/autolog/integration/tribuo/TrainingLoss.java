package dev.autolog.integration.tribuo;

import dev.autolog.run.Training;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tribuo reports training loss only as log lines ({@code At iteration 400, average loss = 0.25}, at the
 * trainer's {@code loggingInterval}). A handler on the {@code org.tribuo} logger turns them into
 * {@code training_loss} at step = iteration for the training under way on the logging thread. Adding a handler
 * changes nothing the application's own handlers print; records Tribuo does not publish (a level above INFO set
 * by the user) are not seen.
 */
final class TrainingLoss extends Handler {
    static final String METRIC = "training_loss";
    private static final Pattern LINE = Pattern.compile("At iteration (\\d+), average loss = (\\S+)");
    private static final Object LOCK = new Object();
    /** Held strongly: the log manager keeps loggers only weakly, and a new one would not have the handler. */
    private static Logger tribuoLogger;

    private TrainingLoss() {
    }

    static void listen() {
        synchronized (LOCK) {
            if (tribuoLogger == null) {
                Logger logger = Logger.getLogger("org.tribuo");
                logger.addHandler(new TrainingLoss());
                tribuoLogger = logger;
            }
        }
    }

    @Override
    public void publish(LogRecord record) {
        Training training = Training.current();
        String message = record.getMessage();
        if (training == null || message == null || !message.startsWith("At iteration ")) {
            return;
        }
        Matcher m = LINE.matcher(message);
        if (m.matches()) {
            try {
                training.metric(METRIC, Double.parseDouble(m.group(2)), Long.parseLong(m.group(1)));
            } catch (NumberFormatException e) {
                // not a number Tribuo printed (NaN is parsed); nothing to log
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
