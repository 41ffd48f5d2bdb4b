package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;

/**
 * A program whose first run starts after it loaded its data: sleeps the milliseconds given, then prints the
 * microseconds its thread spent in its first {@code Autolog.startRun}, in its first {@code logMetric} and in the
 * {@code startRun} of a second run, the warm cost the first is compared with.
 */
public final class FirstRun {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
        long start = System.nanoTime();
        ActiveRun run = Autolog.startRun("first");
        long started = System.nanoTime();
        run.logMetric("loss", 0.5, 0);
        long logged = System.nanoTime();
        run.close();
        long again = System.nanoTime();
        Autolog.startRun("second").close();
        long second = System.nanoTime() - again;
        Autolog.flush();
        System.out.println((started - start) / 1000 + " " + (logged - started) / 1000 + " " + second / 1000);
    }
}
