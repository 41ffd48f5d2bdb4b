package dev.autolog.backend;

/** LoggedModel status with MLflow's codes: the file store writes the code, REST the name. */
public enum LoggedModelStatus {
    PENDING(1, "LOGGED_MODEL_PENDING"), READY(2, "LOGGED_MODEL_READY"), FAILED(3, "LOGGED_MODEL_UPLOAD_FAILED");

    private final int code;
    private final String restName;

    LoggedModelStatus(int code, String restName) {
        this.code = code;
        this.restName = restName;
    }

    public int code() {
        return code;
    }

    public String restName() {
        return restName;
    }
}
