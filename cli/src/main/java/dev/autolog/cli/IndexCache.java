package dev.autolog.cli;

import dev.autolog.RunStatus;
import dev.autolog.backend.RunInfo;
import dev.autolog.logging.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

/**
 * The store index on disk, so that a new process starts from what the last one read: one file per experiment in the
 * user's cache directory ({@code autolog.cache.dir}, else {@code $XDG_CACHE_HOME/autolog}, else
 * {@code ~/.cache/autolog}), under {@code run-index/<hash of the store's path>/}, so the store itself is never
 * written and MLflow never sees it. Every entry is checked against the run's files before it is used
 * ({@link RunStamp}), so the cache can make a command fast but not wrong. A file is written whole to a temporary
 * file and renamed; one that cannot be read (truncated, corrupt, another version, another store) is reported in one
 * line and rebuilt from the store. Strings are written once, in a table, and referred to by number; runs newest
 * first; each run's tags, params and metrics are decoded when first asked for ({@link CachedValues}).
 */
final class IndexCache {
    private static final int MAGIC = 0x414c5249; // "ALRI"
    private static final int VERSION = 4;
    private static final long MAX_FILE_BYTES = 1L << 30;
    /** Magic, version, then the checksum of the rest. */
    private static final int CHECKED_FROM = 2 * Integer.BYTES + Long.BYTES;

    private final Path dir;
    private final String storeRoot;
    private final Consumer<String> warnings;
    private boolean writeFailed;

    IndexCache(Path dir, Path storeRoot, Consumer<String> warnings) {
        this.storeRoot = storeRoot.toString();
        this.dir = dir.resolve("run-index").resolve(hash(this.storeRoot));
        this.warnings = warnings;
    }

    /** The user's cache directory for autolog. */
    static Path userCacheDir() {
        String configured = System.getProperty("autolog.cache.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "autolog")
                : Path.of(System.getProperty("user.home"), ".cache", "autolog");
    }

    Path file(String experimentId) {
        return dir.resolve(experimentId + ".idx");
    }

    /** The size of an experiment's cache file; 0 when there is none. */
    long size(String experimentId) {
        return Math.max(0, RunStamp.timeAndSize(file(experimentId))[1]);
    }

    /**
     * The head of an experiment's cache file: its listing of the experiment's folder, read before the runs are
     * decoded so that their files can be stat-ed meanwhile. Null when there is no cache for it yet, or it is
     * unreadable (then said once).
     */
    Opened open(String experimentId) {
        if (!experimentId.matches("[A-Za-z0-9_-]{1,64}")) {
            return null;
        }
        Path file = file(experimentId);
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                if (channel.size() > MAX_FILE_BYTES) {
                    throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
                }
                // mapped, not read into the heap: the pages are the file system's cache already, and the values a
                // command never asks for are never copied (fresh heap memory costs more than the read itself)
                return new Decoder(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()))
                        .head(file, experimentId);
            }
        } catch (IOException | RuntimeException | InternalError e) {
            unreadable(file, e);
            return null;
        }
    }

    /** InternalError: the mapped file was cut short under the reader. */
    private void unreadable(Path file, Throwable e) {
        warnings.accept("the run index cache " + file + " is unreadable (" + e.getMessage()
                + "); rebuilding it from the store");
    }

    /** A cache file whose head is read: the experiment's folder as last listed; {@link #runs()} decodes the rest. */
    final class Opened {
        private final Path file;
        private final Decoder decoder;
        private final String experimentId;
        final long dirTime;
        final long listedAtMillis;
        final List<String> names;

        private Opened(Path file, Decoder decoder, String experimentId, long dirTime, long listedAtMillis,
                       List<String> names) {
            this.file = file;
            this.decoder = decoder;
            this.experimentId = experimentId;
            this.dirTime = dirTime;
            this.listedAtMillis = listedAtMillis;
            this.names = names;
        }

        /** Null when the rest of the file is unreadable (then said once). */
        StoreIndex.ExperimentRuns runs() {
            try {
                return decoder.runs(experimentId, dirTime, listedAtMillis, names);
            } catch (IOException | RuntimeException | InternalError e) {
                unreadable(file, e);
                return null;
            }
        }
    }

    void save(StoreIndex.ExperimentRuns runs) {
        if (!runs.experimentId().matches("[A-Za-z0-9_-]{1,64}")) {
            return;
        }
        try {
            byte[] bytes = encode(runs);
            CacheFiles.replace(file(runs.experimentId()), tmp -> Files.write(tmp, bytes));
        } catch (IOException | RuntimeException e) {
            if (!writeFailed) {
                writeFailed = true;
                warnings.accept("cannot write the run index cache in " + dir + " (" + e.getMessage()
                        + "); commands read the store without it");
            }
        }
    }

    private byte[] encode(StoreIndex.ExperimentRuns runs) throws IOException {
        Map<String, Integer> strings = new LinkedHashMap<>();
        ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
        DataOutputStream body = new DataOutputStream(bodyBytes);
        body.writeLong(runs.dirTime());
        body.writeLong(runs.listedAtMillis());
        body.writeInt(runs.names().size());
        for (String name : runs.names()) {
            body.writeInt(ref(strings, name));
        }
        body.writeInt(runs.byName().size());
        ByteArrayOutputStream entryBytes = new ByteArrayOutputStream();
        DataOutputStream entries = new DataOutputStream(entryBytes);
        for (RunInfo run : runs.newestFirst()) { // so that sorting them again when read is one pass
            body.writeInt(entries.size()); // where the entry starts, so that entries can be read in parallel
            writeEntry(entries, strings, run.runId(), runs.byName().get(run.runId()));
        }
        entries.flush();
        entryBytes.writeTo(body);
        body.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bodyBytes.size() + strings.size() * 16 + 256);
        DataOutputStream head = new DataOutputStream(out);
        head.writeInt(MAGIC);
        head.writeInt(VERSION);
        head.writeLong(0); // the checksum, set below
        writeText(head, storeRoot);
        writeText(head, runs.experimentId());
        writeTable(head, strings.keySet());
        head.flush();
        bodyBytes.writeTo(out);
        byte[] file = out.toByteArray();
        ByteBuffer.wrap(file).putLong(CHECKED_FROM - Long.BYTES, checksum(ByteBuffer.wrap(file)));
        return file;
    }

    private static void writeEntry(DataOutputStream body, Map<String, Integer> strings, String name, IndexedRun r)
            throws IOException {
        RunInfo info = r.run();
        body.writeInt(ref(strings, name));
        RunStamp s = r.stamp();
        for (long v : new long[] {s.meta(), s.metaSize(), s.params(), s.tags(), s.metrics(), s.readAtMillis()}) {
            body.writeLong(v);
        }
        body.writeInt(ref(strings, info.runId()));
        body.writeInt(ref(strings, info.runName()));
        body.writeInt(ref(strings, info.status().name()));
        body.writeLong(info.startTime());
        body.writeBoolean(info.endTime() != null);
        body.writeLong(info.endTime() == null ? 0 : info.endTime());
        body.writeInt(ref(strings, info.user()));
        body.writeInt(ref(strings, info.lifecycleStage()));
        for (Map<String, String> texts : List.of(r.tags(), r.params())) {
            body.writeInt(texts.size());
            for (Map.Entry<String, String> t : texts.entrySet()) {
                body.writeInt(ref(strings, t.getKey()));
                body.writeInt(ref(strings, t.getValue()));
            }
        }
        body.writeInt(r.metrics().size());
        for (Map.Entry<String, IndexedRun.IndexedMetric> m : r.metrics().entrySet()) {
            MetricStats st = m.getValue().stats();
            body.writeInt(ref(strings, m.getKey()));
            body.writeLong(m.getValue().fileTime());
            body.writeLong(m.getValue().fileSize());
            body.writeLong(m.getValue().readBytes());
            body.writeLong(m.getValue().latestTime());
            body.writeDouble(st.latest());
            body.writeLong(st.latestStep());
            body.writeDouble(st.best());
            body.writeInt(st.count());
        }
    }

    private static int ref(Map<String, Integer> strings, String s) {
        return strings.computeIfAbsent(s, k -> strings.size());
    }

    /**
     * The string table: the count, where each string starts in the bytes that follow (and where the last ends), then
     * the strings' UTF-8 bytes: a reader finds every string without walking the table.
     */
    private static void writeTable(DataOutputStream out, Collection<String> strings) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        out.writeInt(strings.size());
        out.writeInt(0);
        for (String s : strings) {
            bytes.write(s.getBytes(StandardCharsets.UTF_8));
            out.writeInt(bytes.size());
        }
        bytes.writeTo(out);
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads a cache file, every count and length checked against what is left of it. */
    private final class Decoder {
        private static final int CHUNK = 2048;
        private final ByteBuffer in;
        private final CachedValues values;
        private CacheStrings strings;
        /** The checksum the file's head gives, which {@link #runs} checks the file against before decoding. */
        private long checksum;

        Decoder(ByteBuffer in) {
            this(in, null, null);
        }

        private Decoder(ByteBuffer in, CacheStrings strings, CachedValues values) {
            this.in = in;
            this.strings = strings;
            this.values = values;
        }

        Opened head(Path file, String experimentId) throws IOException {
            try {
                if (in.getInt() != MAGIC || in.getInt() != VERSION) {
                    throw new IOException("not a cache file of this version");
                }
                checksum = in.getLong();
                if (!text().equals(storeRoot) || !text().equals(experimentId)) {
                    throw new IOException("written for another store or experiment");
                }
                int[] ends = ints(count(4) + 1);
                int bytesAt = in.position();
                for (int i = 1; i < ends.length; i++) {
                    if (ends[i] < ends[i - 1]) {
                        throw new IOException("string #" + (i - 1) + " ends before it starts");
                    }
                }
                if (ends[0] != 0 || ends[ends.length - 1] > in.remaining()) {
                    throw new IOException("the string table does not fit the file");
                }
                in.position(bytesAt + ends[ends.length - 1]);
                strings = new CacheStrings(in.duplicate(), bytesAt, ends);
                long dirTime = in.getLong();
                long listedAt = in.getLong();
                int[] names = ints(count(4));
                for (int name : names) {
                    inTable(name);
                }
                return new Opened(file, this, experimentId, dirTime, listedAt, strings.list(names));
            } catch (BufferUnderflowException e) {
                throw new IOException("truncated");
            }
        }

        /**
         * The runs, once the whole file matches its checksum: what the head gave before (the folder's listing) was
         * only used to start stat-ing the runs' files meanwhile, and is not believed unless this succeeds.
         */
        StoreIndex.ExperimentRuns runs(String experimentId, long dirTime, long listedAt, List<String> names)
                throws IOException {
            if (checksum != IndexCache.checksum(in.duplicate().clear())) {
                throw new IOException("its checksum does not match");
            }
            try {
                int[] offsets = new int[count(4)];
                for (int i = 0; i < offsets.length; i++) {
                    offsets[i] = in.getInt();
                }
                ByteBuffer entries = in.slice();
                for (int i = 0; i < offsets.length; i++) {
                    if ((i == 0 ? offsets[0] != 0 : offsets[i] <= offsets[i - 1]) || offsets[i] >= entries.limit()) {
                        throw new IOException("entry #" + i + " does not start inside the file");
                    }
                }
                if (offsets.length == 0 && entries.hasRemaining()) {
                    throw new IOException("trailing bytes");
                }
                IndexedRun[] runs = new IndexedRun[offsets.length];
                Path experimentDir = Path.of(storeRoot).resolve(experimentId);
                CachedValues shared = new CachedValues(entries.duplicate(), strings);
                try {
                    IntStream.range(0, (offsets.length + CHUNK - 1) / CHUNK).parallel().forEach(c ->
                            new Decoder(entries.duplicate(), strings, shared).entries(c * CHUNK,
                                    Math.min(offsets.length, (c + 1) * CHUNK), offsets, runs, experimentDir,
                                    experimentId));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                Map<String, IndexedRun> byName = new LinkedHashMap<>(runs.length * 4 / 3 + 1);
                for (IndexedRun r : runs) {
                    byName.put(r.run().runId(), r);
                }
                for (String name : names) {
                    checkFolderName(name);
                }
                return StoreIndex.ExperimentRuns.of(experimentId, dirTime, listedAt, names,
                        Collections.unmodifiableMap(byName));
            } catch (BufferUnderflowException e) {
                throw new IOException("truncated");
            }
        }

        /** Entries {@code from} to {@code to} (exclusive), each exactly the bytes up to the next one's start. */
        private void entries(int from, int to, int[] offsets, IndexedRun[] runs, Path experimentDir,
                             String experimentId) {
            try {
                for (int i = from; i < to; i++) {
                    in.clear();
                    in.position(offsets[i]).limit(i + 1 < offsets.length ? offsets[i + 1] : in.capacity());
                    String name = checkFolderName(string());
                    runs[i] = run(experimentDir, experimentId);
                    if (!runs[i].run().runId().equals(name)) {
                        throw new IOException("the entry of " + name + " names another run");
                    }
                    if (in.hasRemaining()) {
                        throw new IOException("entry #" + i + " is longer than its contents");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (BufferUnderflowException e) {
                throw new UncheckedIOException(new IOException("truncated"));
            }
        }

        private IndexedRun run(Path experimentDir, String experimentId) throws IOException {
            RunStamp stamp = new RunStamp(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                    in.getLong());
            String runId = string();
            String runName = string();
            RunStatus status = RunStatus.valueOf(string());
            long start = in.getLong();
            boolean ended = in.get() != 0;
            long end = in.getLong();
            RunInfo info = RunInfo.inExperimentDir(runId, experimentId, runName, status, start, ended ? end : null,
                    string(), string(), experimentDir);
            int tags = checkedEntries(CachedValues.TEXT_BYTES, 2);
            int params = checkedEntries(CachedValues.TEXT_BYTES, 2);
            int metrics = checkedEntries(CachedValues.METRIC_BYTES, 1);
            return new IndexedRun(info, values.run(tags, params, metrics), stamp);
        }

        /**
         * Where a count of entries of {@code bytes} each starts, after checking that they fit the file and that the
         * first {@code strings} ints of each are string numbers; moves past them.
         */
        private int checkedEntries(int bytes, int strings) throws IOException {
            int at = in.position();
            for (int i = count(bytes); i > 0; i--) {
                int next = in.position() + bytes;
                for (int s = 0; s < strings; s++) {
                    ref();
                }
                in.position(next);
            }
            return at;
        }

        /** A count of items at least {@code minBytes} long each, so a garbage count cannot exceed the file. */
        private int count(int minBytes) throws IOException {
            int n = in.getInt();
            if (n < 0 || (long) n * minBytes > in.remaining()) {
                throw new IOException("a count of " + n + " does not fit the file");
            }
            return n;
        }

        private String string() throws IOException {
            return strings.get(ref());
        }

        /** A string's number, checked to be in the table. */
        private int ref() throws IOException {
            return inTable(in.getInt());
        }

        /** {@code i}, checked to be a string number of the table. */
        private int inTable(int i) throws IOException {
            if (i < 0 || i >= strings.size()) {
                throw new IOException("no string #" + i);
            }
            return i;
        }

        /** {@code n} ints read at once, {@code n} checked to fit what is left of the file. */
        private int[] ints(int n) throws IOException {
            if ((long) n * Integer.BYTES > in.remaining()) {
                throw new IOException("a count of " + n + " does not fit the file");
            }
            int[] out = new int[n];
            in.asIntBuffer().get(out);
            in.position(in.position() + n * Integer.BYTES);
            return out;
        }

        private String text() throws IOException {
            byte[] utf8 = new byte[count(1)];
            in.get(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code name} when it names a folder inside the experiment's: a file written to look right (its CRC is no
     * secret) must not lead a command to read a {@code meta.yaml} anywhere else.
     */
    private static String checkFolderName(String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IOException("it names a folder outside the experiment's: " + TerminalText.safe(name));
        }
        return name;
    }

    /** CRC-32C of everything after the checksum: a flipped byte is found before any of it is believed. */
    private static long checksum(ByteBuffer file) {
        CRC32C crc = new CRC32C();
        crc.update(file.position(Math.min(CHECKED_FROM, file.limit())));
        return crc.getValue();
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
