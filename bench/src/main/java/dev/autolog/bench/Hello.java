package dev.autolog.bench;

/** The smallest program: what JVM start-up costs with and without the agent. */
public final class Hello {

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
