package dev.autolog.backend;

/** An experiment of a local store, as read from its {@code meta.yaml}. */
public record ExperimentInfo(String id, String name, String lifecycleStage, String artifactLocation) {
}
