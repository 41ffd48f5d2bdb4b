package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versions of the files a plan's file scans read, as their file indexes listed them when the DataFrame was
 * made (path, length, modification time; no file system call), in path order. The digest takes each of the first
 * {@link #HASHED} and, over all of them, their count, total length and latest modification time.
 */
final class FileVersions {
    static final int HASHED = 1000;
    private final Map<String, long[]> files = new TreeMap<>();

    /** A {@code FileIndex}: its listed {@code FileStatus}es, or (a catalog's index) its files' local status. */
    void add(Object fileIndex) throws Exception {
        Object statuses;
        try {
            statuses = Reflect.call(Reflect.call(fileIndex, "allFiles"), "iterator");
        } catch (NoSuchMethodException notListed) {
            for (String file : (String[]) Reflect.call(fileIndex, "inputFiles")) {
                files.put(file, localStatus(file));
            }
            return;
        }
        while ((Boolean) Reflect.call(statuses, "hasNext")) {
            Object status = Reflect.call(statuses, "next");
            files.put(String.valueOf(Reflect.call(status, "getPath")), new long[] {
                    (Long) Reflect.call(status, "getLen"), (Long) Reflect.call(status, "getModificationTime")});
        }
    }

    void addTo(DatasetDescription d) {
        long total = 0;
        long latest = Long.MIN_VALUE;
        int i = 0;
        for (Map.Entry<String, long[]> file : files.entrySet()) {
            long[] v = file.getValue();
            if (i++ < HASHED) {
                d.digestOf(file.getKey() + ":" + v[0] + ":" + v[1]);
            }
            total += v[0];
            latest = Math.max(latest, v[1]);
        }
        if (!files.isEmpty()) {
            d.digestOf("files:" + files.size() + ":" + total + ":" + latest);
        }
    }

    /** A local file's length and modification time; another file system's file: unknown (-1). */
    private static long[] localStatus(String file) {
        try {
            URI uri = URI.create(file);
            if (uri.getScheme() == null || uri.getScheme().equals("file")) {
                Path p = uri.getScheme() == null ? Path.of(file) : Path.of(uri);
                return new long[] {Files.size(p), Files.getLastModifiedTime(p).toMillis()};
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return new long[] {-1, -1};
    }
}
