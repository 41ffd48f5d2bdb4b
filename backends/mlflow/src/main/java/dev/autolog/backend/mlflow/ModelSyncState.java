package dev.autolog.backend.mlflow;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What a server has of one LoggedModel of the spool; part of its run's {@link SyncState}. */
final class ModelSyncState {
    /** The server's id; null until logged-models create was answered. */
    public String remoteModelId;
    public String artifactUri;
    /** A create was sent: if its answer was lost, the model is looked for before creating another. */
    public boolean createSent;
    /** runs/outputs was sent; {@link #linked} once it was answered. */
    public boolean linkSent;
    public boolean linked;
    public Set<String> params = new LinkedHashSet<>();
    public Map<String, String> tags = new LinkedHashMap<>();
    /** Bytes of each model metric file (by key) already sent with the model's id. */
    public Map<String, Long> metricOffsets = new LinkedHashMap<>();
    /** Model file path to "size:modified" of the file sent. */
    public Map<String, String> artifacts = new LinkedHashMap<>();
    /** The local status (2 READY, 3 FAILED) sent by finalize; 0 while not finalized. */
    public int finalized;
    /** Why the server will not take this model as a LoggedModel (it then goes as a run artifact); null while it may. */
    public String refused;
}
