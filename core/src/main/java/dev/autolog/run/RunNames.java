package dev.autolog.run;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Names and ids of runs: {@code <framework>-<yyyy-MM-dd-HH-mm-ss>-<5 hex>} (the Vertex AI SDK's naming). */
public final class RunNames {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    private RunNames() {
    }

    public static String generate(String prefix, LocalDateTime at) {
        int uid = ThreadLocalRandom.current().nextInt(0x100000);
        // the last 5 of 8 hex digits; not String.format: a fresh JVM's first format costs ~5 ms
        return prefix + "-" + TIMESTAMP.format(at) + "-" + HexFormat.of().toHexDigits(uid).substring(3);
    }

    /** 32 lowercase hex characters, like MLflow's {@code uuid4().hex}. */
    public static String newRunId() {
        return RandomIds.next();
    }
}
