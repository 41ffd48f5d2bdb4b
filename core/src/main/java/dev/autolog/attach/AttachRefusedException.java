package dev.autolog.attach;

/** This JVM cannot get an agent at run time; the message says why, in words a user can act on. */
public final class AttachRefusedException extends Exception {
    static final String NO_ATTACH_MODULE = "this Java runtime has no attach API (the jdk.attach module: a JRE or a"
            + " jlink image without it)";
    private static final long serialVersionUID = 1L;

    AttachRefusedException(String why) {
        super(why);
    }
}
