package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.hook.Replacement;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instead of Hadoop's {@code RawLocalFileSystem.setPermission} for the files and directories of the agent's own model
 * saves (and only those): without Hadoop's native library (the usual case) it starts a {@code chmod} process per
 * file and directory, about 40 for one saved pipeline model, which cost more than the rest of the save. The same
 * mode is set with NIO, so the files, their bytes and their modes are the ones Spark writes. A mode NIO cannot set
 * (sticky, setuid) is left to Hadoop.
 */
final class OwnSavePermissions implements Replacement {
    private static final Set<String> ROOTS = ConcurrentHashMap.newKeySet();
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    /** Marks {@code root} (absolute) as a directory the agent saves into, until {@link #release}. */
    static void claim(Path root) {
        ROOTS.add(root.toAbsolutePath().toString());
    }

    static void release(Path root) {
        ROOTS.remove(root.toAbsolutePath().toString());
    }

    @Override
    public boolean replace(Object fileSystem, Object[] args) throws Exception {
        if (ROOTS.isEmpty()) {
            return false;
        }
        File file = (File) Reflect.call(fileSystem, "pathToFile", args[0]);
        int mode = (Short) Reflect.call(args[1], "toShort");
        if (!claimed(file.getAbsolutePath()) || (mode & ~0777) != 0) {
            return false;
        }
        Files.setPosixFilePermissions(file.toPath(), permissions(mode));
        return true;
    }

    private static boolean claimed(String path) {
        for (String root : ROOTS) {
            if (path.equals(root) || path.startsWith(root + File.separator)) {
                return true;
            }
        }
        return false;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                out.add(BITS[bit]);
            }
        }
        return out;
    }
}
