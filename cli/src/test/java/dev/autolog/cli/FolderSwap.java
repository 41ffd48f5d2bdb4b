package dev.autolog.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread that keeps swapping a real folder with a symbolic link to a folder outside, by atomic renames, until
 * closed: what a hostile user does to slip a check of a path and the opening of that path again apart.
 */
final class FolderSwap implements AutoCloseable {
    private final AtomicBoolean swapping = new AtomicBoolean(true);
    private final Thread swapper;

    /** Swaps {@code folder} (a real folder) with a link to {@code outside}; both asides go next to it. */
    FolderSwap(Path folder, Path outside) throws IOException {
        Path realAside = folder.resolveSibling(folder.getFileName() + "-real");
        Path linkAside = Files.createSymbolicLink(folder.resolveSibling(folder.getFileName() + "-link"), outside);
        swapper = new Thread(() -> {
            try {
                while (swapping.get()) {
                    Files.move(folder, realAside, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(linkAside, folder, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(folder, linkAside, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(realAside, folder, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "folder-swap");
        swapper.start();
    }

    @Override
    public void close() throws InterruptedException {
        swapping.set(false);
        swapper.join();
    }
}
