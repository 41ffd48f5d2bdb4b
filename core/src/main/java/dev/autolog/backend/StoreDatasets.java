package dev.autolog.backend;

import dev.autolog.dataset.DatasetDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow's file-store layout for datasets and run inputs (research/mlflow-models.md §6.7):
 * {@code <exp>/datasets/<md5(name+digest)>/meta.yaml}, written once per dataset, and
 * {@code <exp>/<run>/inputs/<md5(dataset_id+run_id)>/meta.yaml} with the input's tags.
 */
final class StoreDatasets {
    static final String DATASETS = "datasets";
    static final String INPUTS = "inputs";

    private StoreDatasets() {
    }

    static void write(Path runDir, DatasetInput input) throws IOException {
        String datasetId = DatasetDigest.md5Hex(input.name() + input.digest());
        Path datasetDir = runDir.getParent().resolve(DATASETS).resolve(datasetId);
        if (!Files.isRegularFile(datasetDir.resolve(LocalStore.META))) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("digest", input.digest());
            meta.put("name", input.name());
            if (input.profile() != null) {
                meta.put("profile", input.profile());
            }
            if (input.schema() != null) {
                meta.put("schema", input.schema());
            }
            meta.put("source", input.source());
            meta.put("source_type", input.sourceType());
            Files.createDirectories(datasetDir);
            StoreFiles.atomicWrite(datasetDir.resolve(LocalStore.META), utf8(YamlMeta.format(meta)), datasetDir);
        }
        String runId = runDir.getFileName().toString();
        Path inputDir = runDir.resolve(INPUTS).resolve(DatasetDigest.md5Hex(datasetId + runId));
        StringBuilder link = new StringBuilder();
        // destination_id repeats source_id as MLflow's own file store writes it
        link.append("destination_id: ").append(datasetId).append("\ndestination_type: RUN\nsource_id: ")
                .append(datasetId).append("\nsource_type: DATASET\n");
        if (input.context() == null) {
            link.append("tags: {}\n");
        } else {
            link.append("tags:\n  ").append(YamlMeta.scalar(DatasetInput.CONTEXT_TAG)).append(": ")
                    .append(YamlMeta.scalar(input.context())).append('\n');
        }
        Files.createDirectories(inputDir);
        StoreFiles.atomicWrite(inputDir.resolve(LocalStore.META), utf8(link.toString()), runDir);
    }

    /** The run's inputs with their datasets; an input whose files are missing or malformed is skipped. */
    static List<DatasetInput> read(Path runDir) throws IOException {
        Map<String, DatasetInput> byName = new TreeMap<>();
        for (Path input : StoreFiles.subdirs(runDir.resolve(INPUTS))) {
            DatasetInput read = readOne(runDir, input);
            if (read != null) {
                byName.put(read.name() + "\0" + read.digest() + "\0" + read.context(), read);
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static DatasetInput readOne(Path runDir, Path inputDir) {
        try {
            // both files only through RunFiles: neither they nor a folder above them may lead out of the store
            byte[] linkBytes = RunFiles.readSmall(runDir.resolve(INPUTS),
                    inputDir.getFileName() + "/" + LocalStore.META);
            if (linkBytes == null) {
                return null;
            }
            String text = new String(linkBytes, StandardCharsets.UTF_8);
            Map<String, String> link = YamlMeta.parse(text);
            String datasetId = link.get("source_id");
            if (!"DATASET".equals(link.get("source_type")) || datasetId == null || !datasetId.matches("[0-9a-f]{32}")) {
                return null;
            }
            byte[] metaBytes = RunFiles.readSmall(runDir.getParent().resolve(DATASETS),
                    datasetId + "/" + LocalStore.META);
            if (metaBytes == null) {
                return null;
            }
            Map<String, String> d = YamlMeta.parse(new String(metaBytes, StandardCharsets.UTF_8));
            if (d.get("name") == null || d.get("digest") == null) {
                return null;
            }
            return new DatasetInput(d.get("name"), d.get("digest"), d.get("source_type"), d.get("source"),
                    d.get("schema"), d.get("profile"), tags(text).get(DatasetInput.CONTEXT_TAG));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The {@code tags:} block of an input's meta.yaml: one indented {@code key: value} line per tag. */
    private static Map<String, String> tags(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        boolean inTags = false;
        for (String line : text.split("\r?\n")) {
            if (!line.startsWith(" ")) {
                inTags = line.equals("tags:");
            } else if (inTags && !line.isBlank()) {
                tags.putAll(YamlMeta.parse(line.strip()));
            }
        }
        return tags;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
