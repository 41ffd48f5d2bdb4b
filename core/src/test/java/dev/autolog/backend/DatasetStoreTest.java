package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets and run inputs in MLflow's file-store layout (research/mlflow-models.md §6.7), and read back. */
class DatasetStoreTest {
    /** The run and dataset of the research's real MLflow 3.11.1 file store, whose ids are known. */
    private static final String RUN = "b4356a962dcf438785f981733432cfaf";
    private static final DatasetInput TRAIN_DS = new DatasetInput("train-ds", "1c3cfca7", "local",
            "{\"uri\": \"/data/train.csv\"}", "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\"}]}",
            "{\"num_rows\": 20, \"num_elements\": 100}", "training");

    @TempDir
    Path root;

    @Test
    void datasetAndInputAreWrittenWhereMlflowWritesThemAndReadBack() throws Exception {
        LocalStore store = new LocalStore(root);
        store.createRun(new NewRun(RUN, "", "r", 1000, "alice", Map.of()));
        store.logInputs(RUN, List.of(TRAIN_DS));

        assertEquals("digest: 1c3cfca7\nname: train-ds\nprofile: '{\"num_rows\": 20, \"num_elements\": 100}'\n"
                + "schema: '{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\"}]}'\n"
                + "source: '{\"uri\": \"/data/train.csv\"}'\nsource_type: local\n",
                Files.readString(root.resolve("0/datasets/3d863d91daa8085de1da49242d86471c/meta.yaml")));
        assertEquals("destination_id: 3d863d91daa8085de1da49242d86471c\ndestination_type: RUN\n"
                + "source_id: 3d863d91daa8085de1da49242d86471c\nsource_type: DATASET\n"
                + "tags:\n  mlflow.data.context: training\n",
                Files.readString(root.resolve("0/" + RUN + "/inputs/9aa710fbb61ddb5a588cdde1974c03f2/meta.yaml")));
        assertEquals(List.of(TRAIN_DS), new LocalStoreReader(root).inputs(RUN));
    }

    @Test
    void aDatasetLoggedByTwoRunsIsStoredOnceAndAnAllDigitDigestStaysText() throws Exception {
        String other = "0123456789abcdef0123456789abcdef";
        LocalStore store = new LocalStore(root);
        store.createRun(new NewRun(RUN, "", "r", 1000, "alice", Map.of()));
        store.createRun(new NewRun(other, "", "r2", 1001, "alice", Map.of()));
        DatasetInput digits = new DatasetInput("valid", "12345678", "code", "{\"tags\": {}}", null, null, null);
        store.logInputs(RUN, List.of(digits));
        store.logInputs(other, List.of(digits, digits));

        try (var datasets = Files.list(root.resolve("0/datasets"))) {
            assertEquals(1, datasets.count());
        }
        assertEquals(List.of(digits), new LocalStoreReader(root).inputs(other));
        assertEquals(List.of(digits), new LocalStoreReader(root).inputs(RUN));
        Path meta;
        try (var datasets = Files.list(root.resolve("0/datasets"))) {
            meta = datasets.findFirst().orElseThrow().resolve("meta.yaml");
        }
        assertEquals("digest: '12345678'\nname: valid\nsource: '{\"tags\": {}}'\nsource_type: code\n",
                Files.readString(meta));
    }

    @Test
    void hostileInputFilesAreSkippedNotFatal() throws Exception {
        LocalStore store = new LocalStore(root);
        store.createRun(new NewRun(RUN, "", "r", 1000, "alice", Map.of()));
        store.logInputs(RUN, List.of(TRAIN_DS));
        Path inputs = root.resolve("0/" + RUN + "/inputs");
        Files.createDirectories(inputs.resolve("bad1"));
        Files.writeString(inputs.resolve("bad1/meta.yaml"), "source_id: ../../etc\nsource_type: DATASET\n");
        Files.createDirectories(inputs.resolve("bad2"));
        Files.writeString(inputs.resolve("bad2/meta.yaml"), "not yaml at all");
        Files.createDirectories(inputs.resolve("bad3"));
        Files.writeString(inputs.resolve("bad3/meta.yaml"), "source_id: 00000000000000000000000000000000\n"
                + "source_type: DATASET\ntags: {}\n");

        assertEquals(List.of(TRAIN_DS), new LocalStoreReader(root).inputs(RUN));
    }

    /** A folder on the way that is a symbolic link out of the store serves nothing, as RunFiles keeps run files. */
    @Test
    void inputsAndDatasetsReachedThroughALinkedFolderAreSkipped() throws Exception {
        LocalStore store = new LocalStore(root);
        store.createRun(new NewRun(RUN, "", "r", 1000, "alice", Map.of()));
        store.logInputs(RUN, List.of(TRAIN_DS));
        Path elsewhere = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-elsewhere"));
        // an input folder linked to one outside the run, holding a well-formed input of the same dataset in another context
        Path inputs = root.resolve("0/" + RUN + "/inputs");
        Path outside = Files.createDirectories(elsewhere.resolve("input"));
        Path original = Files.list(inputs).findFirst().orElseThrow();
        Files.writeString(outside.resolve("meta.yaml"), Files.readString(original.resolve("meta.yaml"))
                .replace("context: training", "context: leaked"));
        Files.createSymbolicLink(inputs.resolve("linked"), outside);
        assertEquals(List.of(TRAIN_DS), new LocalStoreReader(root).inputs(RUN), "the linked input is skipped");

        // the experiment's datasets folder itself a link to a copy outside the store
        Path datasets = root.resolve("0/datasets");
        Path copy = elsewhere.resolve("datasets");
        Files.move(datasets, copy);
        Files.createSymbolicLink(datasets, copy);
        assertEquals(List.of(), new LocalStoreReader(root).inputs(RUN));
    }
}
