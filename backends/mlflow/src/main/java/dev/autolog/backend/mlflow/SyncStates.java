package dev.autolog.backend.mlflow;

import dev.autolog.backend.BoundedFiles;
import dev.autolog.backend.FileReplacement;
import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sync states of one local store towards one server, as JSON files in
 * {@code <store>/.autolog-sync/<host>_<port>_<hash>/<run id>.json}: a directory MLflow ignores (no meta.yaml) that
 * travels with the store, so a copied {@code mlruns} is not pushed twice. The state of a run the server has in full
 * is {@code <run id>.done.json}, so that a start lists the few runs left to send without reading the state of every
 * run the store ever sent.
 */
final class SyncStates {
    static final String DIR = ".autolog-sync";
    private static final String PENDING = ".json";
    private static final String DONE = ".done.json";
    /**
     * Far above a real state (its tags are the run's, at most 8,000 characters each): a FIFO, a device or a huge
     * file planted among the states is refused before it is opened, never read.
     */
    static final int MAX_STATE_BYTES = 32 << 20;
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
    static void warmUp() throws IOException {
        parse(bytes(new SyncState()));
    }

    /** The saved state, or null when this run was never seen for this server. */
    SyncState load(String runId) throws IOException {
        Path done = doneFile(runId);
        if (Files.isRegularFile(done)) {
            return read(done);
        }
        Path file = file(runId);
        return Files.isRegularFile(file) ? read(file) : null;
    }

    /** A done state ({@link SyncState#isDone()}) goes to the run's done file, which a start does not read. */
    void save(String runId, SyncState state) throws IOException {
        if (state.isDone()) {
            write(doneFile(runId), bytes(state));
            Files.deleteIfExists(file(runId));
        } else {
            write(file(runId), bytes(state));
        }
    }

    /**
     * Saves {@link SyncState#ofNewRun()} for a run just created in the spool, without the JSON writer: the writer
     * thread does it before the run's points, and in a fresh JVM the first JSON write of a state (reflection over
     * {@link SyncState}, Jackson's generator) took it 0.2-0.6 s, which the shipper then waited for.
     */
    void saveNewRun(String runId) throws IOException {
        write(file(runId), NEW_RUN);
    }

    private void write(Path target, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path tmp = FileReplacement.temporaryIn(dir);
        try {
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileReplacement.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Runs with a state that is not done yet: what a previous process left for this server. A done state still in
     * the pending file (as earlier versions kept it) is moved to its done file on the way; a state that cannot be
     * read is said in one line and its run left out, the other runs go on.
     */
    List<String> unfinished() throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Set<String> done = new HashSet<>();
        for (String name : names) {
            if (name.endsWith(DONE)) {
                done.add(name.substring(0, name.length() - DONE.length()));
            }
        }
        for (String name : names) {
            if (!name.endsWith(PENDING) || name.endsWith(DONE)) {
                continue;
            }
            String runId = name.substring(0, name.length() - PENDING.length());
            if (done.contains(runId)) {
                tidy(runId, () -> Files.deleteIfExists(file(runId))); // left by a save cut short between its steps
                continue;
            }
            SyncState state;
            try {
                state = read(file(runId));
            } catch (NoSuchFileException e) {
                continue; // done meanwhile: another process sent the rest of the run
            } catch (IOException | RuntimeException e) {
                Diagnostics.warn("the sync state " + ErrorText.clean(file(runId).toString(), List.of())
                        + " cannot be read (" + ErrorText.clean(e.getMessage(), List.of()) + "); its run is left out"
                        + " until the file is fixed or removed (then the sync command sends the run again)");
                continue;
            }
            if (state.isDone()) {
                tidy(runId, () -> save(runId, state));
            } else {
                out.add(runId);
            }
        }
        return out;
    }

    private interface FileStep {
        void run() throws IOException;
    }

    /** A step that only saves the next start work: when it fails, that start does it again. */
    private static void tidy(String runId, FileStep step) {
        try {
            step.run();
        } catch (IOException e) {
            Diagnostics.debug("tidying the sync state of run " + runId + ": " + e);
        }
    }

    /** A state file, refused unopened when it is no regular file or larger than {@link #MAX_STATE_BYTES}. */
    private static SyncState read(Path file) throws IOException {
        return parse(BoundedFiles.read(file, MAX_STATE_BYTES));
    }

    private static byte[] bytes(SyncState state) throws IOException {
        return JsonTrees.write(FieldsJson.toTree(state), true);
    }

    private static SyncState parse(byte[] json) throws IOException {
        return FieldsJson.fromTree(JsonTrees.read(json), SyncState.class);
    }

    private Path file(String runId) {
        return dir.resolve(runId + PENDING);
    }

    private Path doneFile(String runId) {
        return dir.resolve(runId + DONE);
    }
}
