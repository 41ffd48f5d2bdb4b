package dev.autolog.backend.mlflow;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The points appended to a local-store metric file since a byte offset. Only complete lines count: the writer
 * may be appending right now. Each point carries the offset just after its line, so sending part of a tail
 * moves the cursor exactly that far.
 */
final class MetricTail {
    /** At most this many bytes per read, so a huge backlog is shipped in slices. */
    static final int MAX_READ = 4 << 20;

    record Point(Metric metric, long endOffset) {
    }

    private MetricTail() {
    }

    static List<Point> read(Path file, String key, long offset) throws IOException {
        List<Point> out = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return out;
            }
            byte[] buf = new byte[(int) Math.min(length - offset, MAX_READ)];
            f.seek(offset);
            f.readFully(buf);
            int start = 0;
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    Metric m = LocalStoreReader.parseMetric(key, new String(buf, start, i - start, StandardCharsets.UTF_8));
                    if (m != null) {
                        out.add(new Point(m, offset + i + 1));
                    }
                    start = i + 1;
                }
            }
        }
        return out;
    }
}
