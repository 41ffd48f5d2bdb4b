package dev.autolog.dataset;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A dataset a training read, as an integration hands it over on the training thread: its name, its role
 * ({@code mlflow.data.context}: {@code training}, {@code eval}, a watch name) and where its description comes from.
 * The description is computed on the writer thread, so the supplier may only hold references or bounded copies
 * taken on the training thread (never something the application may dispose of before the writer gets to it).
 */
public record DatasetSpec(String name, String context, Supplier<DatasetDescription> description) {

    public DatasetSpec {
        Objects.requireNonNull(description, "description");
        name = name == null || name.isBlank() ? "dataset" : name;
    }

    public static DatasetSpec of(String name, String context, Supplier<DatasetDescription> description) {
        return new DatasetSpec(name, context, description);
    }

    /** The same dataset in another role, e.g. the training set of a parent run seen from a tuning child run. */
    public DatasetSpec withContext(String newContext) {
        return new DatasetSpec(name, newContext, description);
    }
}
