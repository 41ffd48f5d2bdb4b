package dev.autolog.integration.xgboost;

import dev.autolog.hook.Hook;
import dev.autolog.run.TrackingEngine;
import dev.autolog.run.WeakIdentityMap;

/**
 * After {@code new DMatrix(String)}: remembers the file the matrix was read from ({@link MatrixFile}), keyed weakly
 * by the matrix, so that a training or watch using it later names that file as the dataset's source.
 */
final class DMatrixFiles implements Hook {
    private static final WeakIdentityMap<MatrixFile> FILES = new WeakIdentityMap<>();

    @Override
    public Object enter(Object self, Object[] args) {
        return null;
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) {
        TrackingEngine engine = TrackingEngine.get();
        if (engine.autologgingEnabled() && engine.config().logDatasets() && args.length == 1
                && args[0] instanceof String uri) {
            MatrixFile file = MatrixFile.of(uri);
            if (file != null) {
                FILES.put(self, file);
            }
        }
    }

    /** The file {@code dmatrix} was built from, or null. */
    static MatrixFile of(Object dmatrix) {
        return FILES.get(dmatrix);
    }
}
