package dev.autolog.run;

import dev.autolog.RunStatus;
import dev.autolog.dataset.DatasetSpec;
import dev.autolog.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One outermost training call of a framework, seen from the integration that hooks it. {@link #begin} counts
 * nesting per thread across all frameworks, so overload chains and a framework training another
 * (Tribuo calling XGBoost) give one training; only the outermost one is {@linkplain #isActive() active}.
 * <p>
 * An active training logs into the user's run when one is active on this thread, otherwise into a new run
 * it creates and ends. The n-th training (n &ge; 2) inside one user run logs its metrics, artifacts and any
 * param whose value differs from the one already logged under {@code <key>-<n>}, so nothing is overwritten.
 */
public final class Training {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<Training> CURRENT = new ThreadLocal<>();
    private static final Training NESTED = new Training(null, false, 0, null, false);

    private final Run run;
    private final boolean ownsRun;
    private final int index;
    /** Null when models are not logged. */
    private final TrainedModel model;
    private final boolean lasting;

    private Training(Run run, boolean ownsRun, int index, TrainedModel model, boolean lasting) {
        this.run = run;
        this.ownsRun = ownsRun;
        this.index = index;
        this.model = model;
        this.lasting = lasting;
    }

    private static Training started(TrackingEngine engine, Run run, boolean ownsRun, int index) {
        TrainedModel model = engine.config().logModels()
                ? TrainedModel.start(engine, run, index <= 1 ? "model" : "model-" + index) : null;
        return new Training(run, ownsRun, index, model, false);
    }

    /** Must be paired with {@link #end} in a finally block (advice exit), whatever it returns. */
    public static Training begin(String framework, String frameworkVersion) {
        int[] depth = DEPTH.get();
        if (depth[0]++ > 0) {
            return NESTED;
        }
        TrackingEngine engine = TrackingEngine.get();
        if (!engine.autologgingEnabled()) {
            return NESTED;
        }
        engine.endLooseRun();
        Run userRun = engine.currentUserRun();
        Training t;
        if (userRun != null) {
            t = started(engine, userRun, false, userRun.nextTrainingIndex());
        } else {
            Run auto = engine.startAutoRun(framework, Map.of("mlflow.autologging", framework,
                    "autolog.framework.version", frameworkVersion == null ? "unknown" : frameworkVersion));
            auto.nextTrainingIndex();
            t = started(engine, auto, true, 1);
        }
        CURRENT.set(t);
        return t;
    }

    /**
     * Like {@link #begin}, for a training whose run outlives the call: {@link #end} leaves the run open, and the
     * caller ends it with {@link #endRun}. When {@code previous} (an earlier lasting training of the same model)
     * still has an open run, and no other user run is active, this training continues it under the same suffix,
     * so a model trained again and again (a DL4J epoch loop) stays one run.
     */
    public static Training beginLasting(String framework, String frameworkVersion, Training previous) {
        int[] depth = DEPTH.get();
        TrackingEngine engine = TrackingEngine.get();
        if (depth[0] == 0 && previous != null && previous.run != null && !previous.run.isEnded()
                && engine.autologgingEnabled() && continuable(previous.run, engine.currentUserRun())) {
            depth[0]++;
            Training t = new Training(previous.run, previous.ownsRun, previous.index, previous.model, true);
            CURRENT.set(t);
            return t;
        }
        Training t = begin(framework, frameworkVersion);
        if (!t.isActive()) {
            return t;
        }
        Training lasting = new Training(t.run, t.ownsRun, t.index, t.model, true);
        CURRENT.set(lasting);
        return lasting;
    }

    private static boolean continuable(Run run, Run userRun) {
        return userRun == null ? !run.userStarted() : userRun == run;
    }

    /**
     * Ends the run of a {@linkplain #beginLasting lasting} training, when the training created it, and its
     * LoggedModel in any case.
     */
    public void endRun(RunStatus status) {
        if (model != null) {
            model.trainingEnded(status == RunStatus.FINISHED ? null : new IllegalStateException(status.name()));
        }
        if (run != null && ownsRun) {
            run.end(status);
        }
    }

    /** True when this training logs nowhere or its run has ended. */
    public boolean runEnded() {
        return run == null || run.isEnded();
    }

    /**
     * Marks this thread as inside a training no run is kept for (a Spark task, a worker thread of a tuning fit):
     * trainings begun on it until the paired {@link #end} are nested and create no run.
     */
    public static Training untracked() {
        DEPTH.get()[0]++;
        return NESTED;
    }

    /** True while this thread is inside any framework's training call, outermost or nested. */
    public static boolean underway() {
        return DEPTH.get()[0] > 0;
    }

    /** The active training on this thread, or null. */
    public static Training current() {
        return CURRENT.get();
    }

    /** The run this training logs into; null when inactive. */
    public Run run() {
        return run;
    }

    public boolean isActive() {
        return run != null;
    }

    public boolean logModels() {
        return model != null;
    }

    /**
     * True when this training's model is logged with an input example ({@code autolog.log.input.examples}): only
     * then may an integration copy rows on the training thread.
     */
    public boolean logsInputExamples() {
        return model != null && TrackingEngine.get().config().logInputExamples();
    }

    /** The id ({@code m-...}) of this training's LoggedModel; null when models are not logged. */
    public String modelId() {
        return model == null ? null : model.id();
    }

    /**
     * Hands the trained model over: the writer thread builds its MLflow Model directory ({@code model/}, or
     * {@code model-<n>/} for the n-th training of a run) and the LoggedModel becomes READY when the training ends.
     */
    public void model(ModelSpec spec) {
        if (model != null) {
            model.handOver(spec);
        }
    }

    /** Tells that the model is handed over after the training returns; until then its LoggedModel stays PENDING. */
    public void modelLater() {
        if (model != null) {
            model.expectLater();
        }
    }

    /** A model announced with {@link #modelLater} could not be handed over: its LoggedModel ends FAILED. */
    public void modelUnavailable() {
        if (model != null) {
            model.unavailable();
        }
    }

    /** Logs a param under its key, or under {@code <key>-<n>} when an earlier training logged another value. */
    public void param(String key, Object value) {
        if (run == null || value == null) {
            return;
        }
        String text = ParamText.of(value);
        String existing = run.paramValue(key);
        if (existing == null) {
            run.logParam(key, text);
        } else if (!existing.equals(text)) {
            run.logParam(key + "-" + index, text);
        }
        if (model != null) {
            run.logModelParam(model.id(), key, text);
        }
    }

    /** Logs a metric to the run and to this training's LoggedModel. */
    public void metric(String key, double value, long step) {
        if (run != null) {
            run.logMetric(suffixed(key), value, step, model == null ? null : model.id());
        }
    }

    /** Links datasets the training read to its run (see {@link DatasetSpec}). */
    public void datasets(List<DatasetSpec> datasets) {
        if (run != null) {
            run.logInputs(datasets);
        }
    }

    /** Whether datasets are logged ({@code autolog.log.datasets}): lets an integration skip copying a sample. */
    public boolean logDatasets() {
        return run != null && TrackingEngine.get().config().logDatasets();
    }

    public void tag(String key, String value) {
        if (run != null && ownsRun) {
            run.setTag(key, value);
        }
    }

    /** {@code path} like {@code model/model.json} or {@code importance.json}; suffixed on the first segment. */
    public void artifact(String path, byte[] content) {
        if (run != null) {
            run.logArtifact(suffixedPath(path), content);
        }
    }

    /** Like {@link #artifact}, with bytes computed later on the writer thread. */
    public void deferredArtifact(String path, Supplier<byte[]> content) {
        if (run != null) {
            run.logDeferredArtifact(suffixedPath(path), content);
        }
    }

    /**
     * Starts a run under this training's run (tag {@code mlflow.parentRunId}), e.g. one per tuning candidate;
     * the caller logs into it and ends it. Null when this training is inactive.
     */
    public Run startChildRun(String framework, Map<String, String> tags) {
        if (run == null) {
            return null;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(tags);
        all.put("mlflow.parentRunId", run.id());
        return TrackingEngine.get().startAutoRun(framework, all);
    }

    /** Like {@link #artifact}, copied from a file or directory on the writer thread. */
    public void artifactFile(String path, java.nio.file.Path source) {
        if (run != null) {
            run.logArtifactFile(suffixedPath(path), source);
        }
    }

    /** Ends the training; ends the run too when this training created it. */
    public void end(Throwable thrown) {
        DEPTH.get()[0]--;
        if (run == null) {
            return;
        }
        CURRENT.remove();
        if (model != null && !lasting) {
            model.trainingEnded(thrown);
        }
        if (ownsRun && !lasting) {
            run.end(thrown == null ? RunStatus.FINISHED : RunStatus.FAILED);
        }
    }

    private String suffixed(String key) {
        return index <= 1 ? key : key + "-" + index;
    }

    private String suffixedPath(String path) {
        if (index <= 1) {
            return path;
        }
        int slash = path.indexOf('/');
        if (slash > 0) {
            return path.substring(0, slash) + "-" + index + path.substring(slash);
        }
        int dot = path.lastIndexOf('.');
        return dot > 0 ? path.substring(0, dot) + "-" + index + path.substring(dot) : path + "-" + index;
    }
}
