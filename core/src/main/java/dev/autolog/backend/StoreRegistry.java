package dev.autolog.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's file-store model registry ({@code mlflow/store/model_registry/file_store.py}) under the store root:
 * {@code models/<name>/meta.yaml}, {@code models/<name>/version-<n>/meta.yaml} and {@code .../tags/<key>}. A
 * version number is taken by creating its directory, so processes registering at once never share one.
 */
final class StoreRegistry {
    private static final Pattern VERSION_DIR = Pattern.compile("version-([0-9]{1,9})");

    private final Path root;

    StoreRegistry(Path root) {
        this.root = root;
    }

    /** Registers {@code source} as the next version of {@code request.name()}; returns the version number. */
    int register(ModelVersionRequest request, String source, long timeMillis) throws IOException {
        Path model = registeredModelDir(request.name());
        Files.createDirectories(model);
        Path modelMeta = model.resolve(LocalStore.META);
        long created = Files.isRegularFile(modelMeta)
                ? Long.parseLong(YamlMeta.read(modelMeta).getOrDefault("creation_timestamp", "" + timeMillis))
                : timeMillis;
        int version = nextVersion(model);
        Path dir = model.resolve("version-" + version);
        while (true) {
            try {
                Files.createDirectory(dir);
                break;
            } catch (FileAlreadyExistsException e) {
                dir = model.resolve("version-" + ++version);
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("aliases", List.of());
        meta.put("creation_timestamp", timeMillis);
        meta.put("current_stage", "None");
        meta.put("description", null);
        meta.put("last_updated_timestamp", timeMillis);
        meta.put("model_id", request.modelId());
        meta.put("name", request.name());
        meta.put("run_id", request.runId());
        meta.put("run_link", null);
        meta.put("source", source);
        meta.put("status", "READY");
        meta.put("status_message", null);
        meta.put("storage_location", source);
        meta.put("user_id", null);
        meta.put("version", version);
        for (Map.Entry<String, String> tag : request.tags().entrySet()) {
            StoreFiles.atomicWrite(StoreKeys.keyFile(dir.resolve("tags"), tag.getKey()), utf8(tag.getValue()), dir);
        }
        StoreFiles.atomicWrite(dir.resolve(LocalStore.META), utf8(YamlMeta.format(meta)), dir);
        Map<String, Object> registered = new LinkedHashMap<>();
        registered.put("aliases", List.of());
        registered.put("creation_timestamp", created);
        registered.put("description", null);
        registered.put("last_updated_timestamp", timeMillis);
        registered.put("name", request.name());
        StoreFiles.atomicWrite(modelMeta, utf8(YamlMeta.format(registered)), model);
        return version;
    }

    private Path registeredModelDir(String name) throws IOException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains(":")
                || name.contains("%") || name.equals(".") || name.equals("..")) {
            throw new IOException("invalid registered model name '" + StoreKeys.printable(String.valueOf(name))
                    + "': it must not be empty nor contain '/', ':', '%' or '\\'");
        }
        return root.resolve(StoreLoggedModels.MODELS).resolve(name);
    }

    private static int nextVersion(Path model) throws IOException {
        int max = 0;
        for (Path dir : StoreFiles.subdirs(model)) {
            Matcher m = VERSION_DIR.matcher(dir.getFileName().toString());
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
