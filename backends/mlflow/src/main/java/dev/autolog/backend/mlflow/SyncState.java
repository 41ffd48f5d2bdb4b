package dev.autolog.backend.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What of one local run a server already has. Saved after every successful request, so a restart (or the sync
 * command) continues where the last request left off. Mutable; owned by one shipper at a time.
 */
final class SyncState {
    /**
     * True only while no runs/create was ever sent for the run (set when this process created it): the server then
     * cannot have it, so it is not searched for. Absent in older files, which are searched.
     */
    public boolean neverSent;
    /** The server's id for the run; null until runs/create succeeded. */
    public String remoteRunId;
    public String artifactUri;
    /** Bytes of each metric file (by key) already sent: metric files only ever grow. */
    public Map<String, Long> metricOffsets = new LinkedHashMap<>();
    public Set<String> params = new LinkedHashSet<>();
    /** Tag key to the value sent: tags can be overwritten, so a changed value is sent again. */
    public Map<String, String> tags = new LinkedHashMap<>();
    /** Artifact path to "size:modified" of the file sent. */
    public Map<String, String> artifacts = new LinkedHashMap<>();
    public List<String> truncations = new ArrayList<>();
    /** The run's dataset inputs the server has, by {@link RunShipper#inputKey}. */
    public Set<String> inputs = new LinkedHashSet<>();
    public boolean artifactsKeptLocally;
    /** The run's LoggedModels by local model id. */
    public Map<String, ModelSyncState> models = new LinkedHashMap<>();
    /** The registrations of the run's models by {@code <registered model>/version-<n>} of the spool. */
    public Map<String, RegistrationSyncState> registrations = new LinkedHashMap<>();
    /** The terminal status was sent: nothing more to do. */
    public boolean ended;
    /** Why the server will never take this run (e.g. deleted there); null while it may. */
    public String abandoned;

    /** The state of a run just created in the spool. */
    static SyncState ofNewRun() {
        SyncState s = new SyncState();
        s.neverSent = true;
        return s;
    }

    /**
     * The run's folder in the spool was written anew (it vanished while the run was written): its metric files start
     * again from nothing, so they are read from their start, and the run ends on the server again after them.
     */
    void spoolWrittenAnew() {
        metricOffsets.clear();
        ended = false;
    }

    boolean isDone() {
        return ended || abandoned != null;
    }
}
