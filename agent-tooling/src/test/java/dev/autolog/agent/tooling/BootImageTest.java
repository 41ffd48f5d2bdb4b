package dev.autolog.agent.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootImageTest {
    interface Marker {
    }

    static class Base {
    }

    /** Sorts before its supertypes by name: the image must still hold them first. */
    static class A extends Base implements Marker {
    }

    /** Implements an interface of java.sql, a module the bootstrap loader does not hold. */
    abstract static class Driverish implements java.sql.Driver {
    }

    abstract static class AfterDriverish extends Driverish {
    }

    @TempDir
    Path dir;

    @Test
    void eachClassComesAfterItsSupertypesAndThoseOutsideJavaBaseAreLeftOut() throws Exception {
        Path classes = dir.resolve("classes");
        for (Class<?> c : List.of(A.class, AfterDriverish.class, Base.class, Driverish.class, Marker.class)) {
            copy(c, classes);
        }
        Path image = dir.resolve("engine.bin");

        BootImage.main(new String[] {classes.toString(), image.toString(), "1.2.3"});

        List<String> names = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(image))) {
            assertEquals("1.2.3", in.readUTF());
            for (int n = in.readInt(); n > 0; n--) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                names.add(name);
                assertEquals(Arrays.toString(classBytes(Class.forName(name))), Arrays.toString(bytes));
            }
            assertEquals(-1, in.read());
        }
        assertEquals(Set.of(Base.class.getName(), Marker.class.getName()), Set.copyOf(names.subList(0, 2)));
        assertEquals(List.of(A.class.getName()), names.subList(2, names.size()));
    }

    private static void copy(Class<?> c, Path root) throws IOException {
        Path file = root.resolve(c.getName().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, classBytes(c));
    }

    private static byte[] classBytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
