package dev.autolog.system;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code disk_usage_percentage}, {@code disk_usage_megabytes} and {@code disk_available_megabytes} of the file
 * system holding {@code /}, as psutil's {@code disk_usage("/")}: used = total − unallocated, available = what an
 * unprivileged user may still write, percentage = used / (used + available) × 100.
 */
final class DiskSource implements MetricSource {
    private final Path root;
    /** Found once: finding it reads the mount table. */
    private FileStore store;

    DiskSource(Path root) {
        this.root = root;
    }

    @Override
    public void read(Reading reading, long nanoTime) throws Exception {
        if (store == null) {
            store = Files.getFileStore(root);
        }
        long used = store.getTotalSpace() - store.getUnallocatedSpace();
        long available = store.getUsableSpace();
        if (used + available > 0) {
            reading.gauge("disk_usage_percentage", 100.0 * used / (used + available));
        }
        reading.gauge("disk_usage_megabytes", used / 1e6);
        reading.gauge("disk_available_megabytes", available / 1e6);
    }
}
