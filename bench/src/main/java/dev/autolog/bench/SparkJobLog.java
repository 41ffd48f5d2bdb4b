package dev.autolog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * The Spark jobs of a window (one fit until idle): how many jobs, stages and tasks ran and the tasks' executor run
 * time, and per job its result stage's name (the call site Spark records), its wall time and its tasks' executor
 * CPU time.
 */
final class SparkJobLog extends SparkListener {
    private final Map<Integer, Long> started = new ConcurrentHashMap<>();
    private final Map<Integer, String> sites = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
    private final Map<Integer, Long> cpuNanos = new ConcurrentHashMap<>();
    private final List<String> jobs = new ArrayList<>();
    private int stages;
    private int tasks;
    private long taskMillis;
    private volatile long fitEnd;

    /** Job start times are printed relative to this instant (the fit's return, epoch millis). */
    void fitEnded(long epochMillis) {
        fitEnd = epochMillis;
    }

    synchronized Window take() {
        Window w = new Window(List.copyOf(jobs), stages, tasks, taskMillis);
        jobs.clear();
        stages = 0;
        tasks = 0;
        taskMillis = 0;
        return w;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        started.put(start.jobId(), start.time());
        StageInfo result = null;
        for (StageInfo stage : scala.collection.JavaConverters.seqAsJavaList(start.stageInfos())) {
            jobOfStage.put(stage.stageId(), start.jobId());
            result = result == null || stage.stageId() > result.stageId() ? stage : result;
        }
        sites.put(start.jobId(), result == null ? "?" : result.name());
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        Long t = started.remove(end.jobId());
        Long cpu = cpuNanos.remove(end.jobId());
        String since = t == null || fitEnd == 0 ? "" : String.format(" at fit%+d ms", t - fitEnd);
        jobs.add(sites.remove(end.jobId()) + since + " " + (t == null ? "?" : end.time() - t) + " ms (CPU "
                + (cpu == null ? 0 : cpu / 1_000_000) + " ms)");
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
        stages++;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        tasks++;
        if (end.taskMetrics() != null) {
            taskMillis += end.taskMetrics().executorRunTime();
            Integer job = jobOfStage.get(end.stageId());
            if (job != null) {
                cpuNanos.merge(job, end.taskMetrics().executorCpuTime(), Long::sum);
            }
        }
    }

    record Window(List<String> jobs, int stages, int tasks, long taskMillis) {
    }
}
