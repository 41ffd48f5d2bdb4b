package dev.autolog.backend.mlflow;

import java.io.IOException;
import java.time.Duration;

/**
 * A failed request. {@link #isTransient()} ones (no connection, timeouts, 408, 429, 5xx) are worth retrying;
 * the others are the server's final word. The message names the endpoint and MLflow's error code, never headers.
 */
final class MlflowError extends IOException {
    private final int status;
    private final String errorCode;
    private final Duration retryAfter;

    MlflowError(String message, int status, String errorCode, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no response came. */
    int status() {
        return status;
    }

    /** MLflow's {@code error_code}, e.g. {@code RESOURCE_DOES_NOT_EXIST}; empty when the body had none. */
    String errorCode() {
        return errorCode;
    }

    /** The server's {@code Retry-After}, or null. */
    Duration retryAfter() {
        return retryAfter;
    }

    boolean isTransient() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** What happened, for a transient failure: the server could not be reached, failed, or asked to wait. */
    String summary() {
        if (status == 0) {
            return "MLflow server unreachable: " + getMessage();
        }
        if (isAuthFailure()) {
            return "the MLflow server refused the credentials (HTTP " + status + "): " + getMessage();
        }
        return status >= 500 ? "the MLflow server failed (HTTP " + status + "): " + getMessage()
                : "the MLflow server asked to retry later (HTTP " + status + "): " + getMessage();
    }

    boolean isAuthFailure() {
        return status == 401 || status == 403;
    }

    boolean isNotFound() {
        return status == 404;
    }

    boolean isAlreadyExists() {
        return errorCode.equals("RESOURCE_ALREADY_EXISTS") || errorCode.equals("ALREADY_EXISTS");
    }
}
