package dev.autolog.integration.xgboost;

import dev.autolog.dataset.DatasetDescription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file a {@code DMatrix(String)} was read from. XGBoost takes dmlc's URI form {@code path[?args][#cache]}
 * ({@code train.txt?format=libsvm#dtrain.cache}): the data is {@code path} (a local file, or a {@code s3://},
 * {@code hdfs://}, ... URI dmlc reads itself), {@code format} among the arguments, and what follows {@code #} an
 * external-memory cache prefix, not data. For a local file, its size and its first and last
 * {@value #SAMPLE_BYTES} bytes are copied when the matrix is built (XGBoost has just read the whole file), so the
 * digest follows the content the matrix holds even when the file is rewritten later.
 */
record MatrixFile(String path, String format, long size, byte[] head, byte[] tail) {
    static final int SAMPLE_BYTES = 64 * 1024;

    /** {@code uri} as the constructor got it; null when it names no file. */
    static MatrixFile of(String uri) {
        String data = uri;
        int cache = data.indexOf('#');
        if (cache >= 0) {
            data = data.substring(0, cache);
        }
        String format = null;
        int query = data.indexOf('?');
        if (query >= 0) {
            for (String arg : data.substring(query + 1).split("&")) {
                if (arg.startsWith("format=")) {
                    format = arg.substring("format=".length());
                }
            }
            data = data.substring(0, query);
        }
        if (data.isBlank()) {
            return null;
        }
        Path local = localPath(data);
        if (local == null) {
            return new MatrixFile(data, format, -1, null, null);
        }
        try (FileChannel file = FileChannel.open(local, StandardOpenOption.READ)) {
            long size = file.size();
            byte[] head = read(file, 0, (int) Math.min(size, SAMPLE_BYTES));
            long tailStart = Math.max(head.length, size - SAMPLE_BYTES);
            byte[] tail = read(file, tailStart, (int) (size - tailStart));
            return new MatrixFile(local.toAbsolutePath().normalize().toString(), format, size, head, tail);
        } catch (IOException e) {
            return new MatrixFile(data, format, -1, null, null);
        }
    }

    /** A local file's path (also from a {@code file://} URI), or null for a URI dmlc reads from elsewhere. */
    private static Path localPath(String data) {
        try {
            if (data.startsWith("file://")) {
                return Path.of(data.substring("file://".length()));
            }
            return data.contains("://") ? null : Path.of(data);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static byte[] read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.array();
    }

    /** The source: {@code local} {@code {"uri": path}} (or the URI's scheme), with {@code format} when named. */
    DatasetDescription source() {
        DatasetDescription file = DatasetDescription.file(path);
        if (format != null) {
            file.sourceField("format", format);
        }
        return file.digestOf(size).digestOf(head).digestOf(tail);
    }
}
