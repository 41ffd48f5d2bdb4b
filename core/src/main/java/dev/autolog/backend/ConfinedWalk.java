package dev.autolog.backend;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Opens a file inside a folder so that its bytes come from inside the folder even while the folders in between are
 * being renamed or swapped for symbolic links: checking a path and then opening it by path again lets a rename
 * between the two lead anywhere. Where the platform offers a {@link SecureDirectoryStream} (Linux), the walk starts
 * from the folder opened without following links and opens each name relative to the directory before it, never
 * following a link; a link met on the way is resolved, accepted only when its real path lies inside the folder's
 * real path, and the walk restarts from the folder along that path, at most {@link #MAX_LINKS} times. Elsewhere the
 * file is checked by its real path, opened, and checked again: a narrower window, not none.
 */
final class ConfinedWalk {
    /**
     * The links the walk resolves before it gives up. Each is resolved whole (the kernel bounds its chain), so a
     * walk meets more than one only while the folders change under it: the bound ends an endless swap.
     */
    static final int MAX_LINKS = 40;
    static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private ConfinedWalk() {
    }

    static SeekableByteChannel walk(SecureDirectoryStream<Path> root, Path folder, Path real,
            List<String> names) throws IOException {
        List<String> path = names;
        for (int links = 0; links <= MAX_LINKS; links++) {
            List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
            try {
                SecureDirectoryStream<Path> dir = root;
                for (int i = 0; i < path.size(); i++) {
                    Path name = folder.getFileSystem().getPath(path.get(i));
                    BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW)
                            .readAttributes();
                    boolean last = i == path.size() - 1;
                    if (a.isSymbolicLink()) {
                        path = throughLink(folder, real, path, i);
                        break;
                    } else if (!last && a.isDirectory()) {
                        dir = dir.newDirectoryStream(name, NO_FOLLOW);
                        opened.add(dir);
                    } else if (!last || a.isDirectory()) {
                        return null;
                    } else if (!a.isRegularFile()) {
                        throw notRegular();
                    } else {
                        return dir.newByteChannel(name, READ_NO_FOLLOW);
                    }
                }
                if (path == null || path.isEmpty()) {
                    return null;
                }
            } finally {
                for (SecureDirectoryStream<Path> d : opened) {
                    d.close();
                }
            }
        }
        return null;
    }

    /**
     * The names inside the folder that the link at {@code path[0..at]} leads to, followed by the rest of
     * {@code path}; null when it leads out of the folder or nowhere. Resolved by path: whatever it answers, the
     * walk that follows opens nothing but names inside the folder's descriptor.
     */
    private static List<String> throughLink(Path folder, Path real, List<String> path, int at) throws IOException {
        Path target;
        try {
            target = folder.resolve(String.join("/", path.subList(0, at + 1))).toRealPath();
        } catch (IOException danglingLoopingOrForbidden) {
            return null; // alike, so that where a link out leads cannot be told from the answer
        }
        if (!target.startsWith(real)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Path part : real.relativize(target)) {
            if (!part.toString().isEmpty()) {
                out.add(part.toString());
            }
        }
        out.addAll(path.subList(at + 1, path.size()));
        return out;
    }

    /** Checked by its real path before and after opening: for platforms without {@link SecureDirectoryStream}. */
    static SeekableByteChannel openByPath(Path folder, Path real, String relative) throws IOException {
        Path file = folder.resolve(relative);
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
            throw notRegular();
        }
        Path target = RunFiles.confined(folder, file);
        if (target == null) {
            return null;
        }
        SeekableByteChannel channel = Files.newByteChannel(target, READ_NO_FOLLOW);
        if (!target.equals(RunFiles.confined(folder, file)) || !target.startsWith(real)) {
            channel.close();
            return null;
        }
        return channel;
    }

    /** The names of a '/'-separated path, without empty and {@code .} steps; null when a step is {@code ..}. */
    static List<String> names(String relative) {
        List<String> out = new ArrayList<>();
        for (String name : relative.split("/")) {
            if (name.equals("..") || name.indexOf('\0') >= 0) {
                return null;
            }
            if (!name.isEmpty() && !name.equals(".")) {
                out.add(name);
            }
        }
        return out;
    }

    private static BoundedFiles.UnreadableFileException notRegular() {
        return new BoundedFiles.UnreadableFileException("not a regular file (a device, FIFO or socket)");
    }
}
