package dev.autolog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which threads of this JVM used the CPU when: {@link ThreadCpu} sampled every {@code sliceMillis} on a daemon
 * thread, printed as one line per slice (milliseconds of CPU per kind of thread in it) relative to a start time, the
 * first line being everything before sampling began (the JVM's start-up and the agent's {@code premain}).
 */
final class CpuTimeline {
    private record Sample(long atMillis, ThreadCpu cpu) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopped;

    private CpuTimeline(long sliceMillis) {
        samples.add(new Sample(System.currentTimeMillis(), ThreadCpu.now()));
        sampler = new Thread(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(sliceMillis);
                } catch (InterruptedException e) {
                    return;
                }
                Sample s = new Sample(System.currentTimeMillis(), ThreadCpu.now());
                synchronized (samples) {
                    samples.add(s);
                }
            }
        }, "bench-cpu-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    static CpuTimeline start(long sliceMillis) {
        return new CpuTimeline(sliceMillis);
    }

    /** Stops sampling and returns the lines, times in ms from {@code t0Millis}. */
    List<String> stop(long t0Millis) {
        stopped = true;
        sampler.interrupt();
        List<String> lines = new ArrayList<>();
        synchronized (samples) {
            samples.add(new Sample(System.currentTimeMillis(), ThreadCpu.now()));
            Sample first = samples.get(0);
            lines.add(String.format(Locale.ROOT, "cpu until %+d ms: %s", first.atMillis() - t0Millis,
                    first.cpu().since(ThreadCpu.empty())));
            for (int i = 1; i < samples.size(); i++) {
                Sample from = samples.get(i - 1);
                Sample to = samples.get(i);
                lines.add(String.format(Locale.ROOT, "cpu %+d..%+d ms: %s", from.atMillis() - t0Millis,
                        to.atMillis() - t0Millis, to.cpu().since(from.cpu())));
            }
            lines.add("cpu in all: " + samples.get(samples.size() - 1).cpu().since(ThreadCpu.empty()));
        }
        return lines;
    }
}
