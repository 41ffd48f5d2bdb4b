package dev.autolog.bench;

/** The smallest program: what JVM start-up costs with and without the agent. Prints when {@code main} began. */
public final class Hello {

    public static void main(String[] args) {
        System.out.println(System.currentTimeMillis());
    }
}
