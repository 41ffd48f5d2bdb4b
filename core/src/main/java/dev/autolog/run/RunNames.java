package dev.autolog.run;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Names and ids of runs: {@code <framework>-<yyyy-MM-dd-HH-mm-ss>-<5 hex>} (the Vertex AI SDK's naming). */
public final class RunNames {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    private RunNames() {
    }

    public static String generate(String prefix, LocalDateTime at) {
        int uid = ThreadLocalRandom.current().nextInt(0x100000);
        return prefix + "-" + TIMESTAMP.format(at) + "-" + String.format("%05x", uid);
    }

    /** 32 lowercase hex characters, like MLflow's {@code uuid4().hex}. */
    public static String newRunId() {
        UUID u = UUID.randomUUID();
        return String.format("%016x%016x", u.getMostSignificantBits(), u.getLeastSignificantBits());
    }
}
