package dev.autolog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A store of many finished runs in MLflow's file layout, written with plain file writes on all cores (the local
 * store's own writer would take an hour at 100,000 runs): experiment 0, each run with 10 params {@code p0..p9},
 * 5 metrics {@code m1..m5} of 100 points each and the {@code mlflow.runName}, {@code mlflow.user} and
 * {@code mlflow.autologging} tags. Values are random but fixed by the run's number; the latest {@code m1} is uniform
 * in [0, 1), so {@code metrics.m1 > 0.5} matches about half the runs. A finished store is marked and reused.
 */
final class ManyRunsStore {
    static final int PARAMS = 10;
    static final int METRICS = 5;
    static final int POINTS = 100;

    private ManyRunsStore() {
    }

    /** The store at {@code root} with {@code runs} runs, written unless a previous call finished it. */
    static Path at(Path root, int runs) throws IOException {
        Path done = root.resolve(".bench-" + runs + "-runs");
        if (Files.exists(done)) {
            return root;
        }
        long t0 = System.currentTimeMillis() - 30L * 86_400_000L;
        Path experiment = root.resolve("0");
        Files.createDirectories(experiment);
        Files.writeString(experiment.resolve("meta.yaml"), "artifact_location: " + experiment.toUri() + "\n"
                + "creation_time: " + t0 + "\nexperiment_id: '0'\nlast_update_time: " + t0
                + "\nlifecycle_stage: active\nname: Default\n");
        long start = System.nanoTime();
        IntStream.range(0, runs).parallel().forEach(i -> {
            try {
                writeRun(experiment, i, t0 + i * 1000L);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Files.writeString(done, "");
        System.out.printf("wrote %d runs in %.0f s%n", runs, (System.nanoTime() - start) / 1e9);
        return root;
    }

    static String runId(int i) {
        return String.format("%032x", 0x5eed0000L + i);
    }

    private static void writeRun(Path experiment, int i, long startTime) throws IOException {
        String id = runId(i);
        Path dir = experiment.resolve(id);
        SplittableRandom random = new SplittableRandom(i);
        Files.createDirectories(dir.resolve("params"));
        Files.createDirectories(dir.resolve("metrics"));
        Files.createDirectories(dir.resolve("tags"));
        Files.createDirectories(dir.resolve("artifacts"));
        for (int p = 0; p < PARAMS; p++) {
            String value = p % 2 == 0 ? Integer.toString(random.nextInt(1, 13))
                    : String.format(Locale.ROOT, "%.4f", random.nextDouble());
            write(dir.resolve("params/p" + p), value);
        }
        long end = startTime + POINTS * 10L;
        for (int m = 1; m <= METRICS; m++) {
            double last = random.nextDouble();
            StringBuilder lines = new StringBuilder(POINTS * 32);
            for (int step = 0; step < POINTS; step++) {
                double v = step == POINTS - 1 ? last : last + (1 - last) * (POINTS - 1 - step) / POINTS;
                lines.append(startTime + step * 10L).append(' ').append(v).append(' ').append(step).append('\n');
            }
            write(dir.resolve("metrics/m" + m), lines.toString());
        }
        write(dir.resolve("tags/mlflow.runName"), "run-" + i);
        write(dir.resolve("tags/mlflow.user"), "bench");
        write(dir.resolve("tags/mlflow.autologging"), "xgboost");
        write(dir.resolve("meta.yaml"), "artifact_uri: " + dir.resolve("artifacts").toUri() + "\nend_time: " + end
                + "\nentry_point_name: ''\nexperiment_id: '0'\nlifecycle_stage: active\nrun_id: " + id
                + "\nrun_name: run-" + i + "\nrun_uuid: " + id + "\nsource_name: ''\nsource_type: 4\n"
                + "source_version: ''\nstart_time: " + startTime + "\nstatus: 3\ntags: []\nuser_id: bench\n"
                + "deleted_time: null\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
