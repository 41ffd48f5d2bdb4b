package dev.autolog.backend;

import dev.autolog.RunStatus;
import java.nio.file.Path;

/** A run of a local store, as read from its {@code meta.yaml}; {@code endTime} is null while it runs. */
public record RunInfo(String runId, String experimentId, String runName, RunStatus status, long startTime,
                      Long endTime, String user, String lifecycleStage, Path dir) {
}
