package dev.autolog.backend.mlflow;

import dev.autolog.backend.FileReplacement;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The sync states of one local store towards one server, as JSON files in
 * {@code <store>/.autolog-sync/<host>_<port>_<hash>/<run id>.json}: a directory MLflow ignores (no meta.yaml) that
 * travels with the store, so a copied {@code mlruns} is not pushed twice.
 */
final class SyncStates {
    static final String DIR = ".autolog-sync";
    private static final byte[] NEW_RUN = "{\"neverSent\":true}".getBytes(StandardCharsets.UTF_8);

    private final Path dir;

    SyncStates(Path store, URI server) {
        this.dir = store.toAbsolutePath().normalize().resolve(DIR).resolve(serverKey(server));
    }

    static String serverKey(URI server) {
        String host = server.getHost() == null ? "server" : server.getHost();
        String name = (host + "_" + (server.getPort() < 0 ? server.getScheme() : server.getPort()))
                .replaceAll("[^A-Za-z0-9_.-]", "_");
        return name + "_" + String.format(Locale.ROOT, "%08x", server.toString().hashCode());
    }

    Path dir() {
        return dir;
    }

    /** Loads the JSON reader's and writer's classes now (no file is touched): the first save would otherwise. */
    void warmUp() throws IOException {
        parse(bytes(new SyncState()));
    }

    /** The saved state, or null when this run was never seen for this server. */
    SyncState load(String runId) throws IOException {
        Path file = file(runId);
        return Files.isRegularFile(file) ? parse(Files.readAllBytes(file)) : null;
    }

    void save(String runId, SyncState state) throws IOException {
        write(runId, bytes(state));
    }

    /**
     * Saves {@link SyncState#ofNewRun()} for a run just created in the spool, without the JSON writer: the writer
     * thread does it before the run's points, and in a fresh JVM the first JSON write of a state (reflection over
     * {@link SyncState}, Jackson's generator) took it 0.2-0.6 s, which the shipper then waited for.
     */
    void saveNewRun(String runId) throws IOException {
        write(runId, NEW_RUN);
    }

    private void write(String runId, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path tmp = FileReplacement.temporaryIn(dir);
        try {
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileReplacement.move(tmp, file(runId));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Runs with a state that is not done yet: what a previous process left for this server. */
    List<String> unfinished() throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String runId = f.getFileName().toString().replaceFirst("\\.json$", "");
                SyncState s = load(runId);
                if (s != null && !s.isDone()) {
                    out.add(runId);
                }
            }
        }
        return out;
    }

    private static byte[] bytes(SyncState state) throws IOException {
        return JsonTrees.write(FieldsJson.toTree(state), true);
    }

    private static SyncState parse(byte[] json) throws IOException {
        return FieldsJson.fromTree(JsonTrees.read(json), SyncState.class);
    }

    private Path file(String runId) {
        return dir.resolve(runId + ".json");
    }
}
