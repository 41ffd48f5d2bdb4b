package dev.autolog.backend.mlflow;

/** What a server has of one model version of the spool's registry; part of its run's {@link SyncState}. */
final class RegistrationSyncState {
    /** model-versions/create was sent: if its answer was lost, the version is looked for before creating another. */
    public boolean createSent;
    /** The version number the server answered; null until then. */
    public String remoteVersion;
    /** Why the server refused the registration for good; null while it may take it. */
    public String refused;

    boolean isDone() {
        return remoteVersion != null || refused != null;
    }
}
