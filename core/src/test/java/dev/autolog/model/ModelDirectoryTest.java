package dev.autolog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.backend.LocalStore;
import dev.autolog.backend.NewRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String MODEL = "m-00112233445566778899aabbccddeeff";

    @TempDir
    Path root;

    @Test
    void utcTimeCreatedIsPythonsNaiveUtcTextWithoutZeroMicroseconds() {
        assertEquals("2026-12-05 06:26:14.196000", ModelDirectory.utcTimeCreated(1796451974196L));
        assertEquals("2026-12-05 06:26:14", ModelDirectory.utcTimeCreated(1796451974000L));
    }

    @Test
    void customFlavorModelWithTensorSignatureAndExampleIsWrittenOnceWithoutPythonFiles() throws Exception {
        LocalStore store = new LocalStore(root);
        store.createRun(new NewRun(RUN, "", "r", 1, "u", Map.of()));
        ModelSpec spec = ModelSpec.of("dl4j").file(ModelFile.bytes("model.zip", new byte[] {1, 2, 3}))
                .flavor("dl4j", "data", "model.zip", "dl4j_version", "1.0.0-M2.1")
                .signature(() -> new Signature(List.of(Signature.tensor("float32", -1, 4)), null))
                .inputExample(() -> InputExample.tensor(List.of(List.of(1.5, 2.0), List.of(0.25, 1e-3),
                        List.of(3, 3), List.of(4, 4), List.of(5, 5), List.of(6, 6))))
                .build();

        new ModelDirectory(true, true).write(store, RUN, "model-2", MODEL, spec, 1796451974196L);

        Path dir = root.resolve("0").resolve(RUN).resolve("artifacts/model-2");
        assertEquals(List.of("MLmodel", "input_example.json", "model.zip", "serving_input_example.json"),
                Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals("[[1.5, 2.0], [0.25, 0.001], [3, 3], [4, 4], [5, 5]]",
                Files.readString(dir.resolve("input_example.json")));
        assertEquals("{\"inputs\": [[1.5, 2.0], [0.25, 0.001], [3, 3], [4, 4], [5, 5]]}",
                Files.readString(dir.resolve("serving_input_example.json")));
        long size = 3 + Files.size(dir.resolve("input_example.json")) + Files.size(dir.resolve("serving_input_example.json"));
        assertEquals("artifact_path: model-2\n"
                + "flavors:\n  dl4j:\n    data: model.zip\n    dl4j_version: 1.0.0-M2.1\n"
                + "mlflow_version: '3.11.1'\nmodel_id: " + MODEL + "\nmodel_size_bytes: " + size + "\nmodel_uuid: " + MODEL
                + "\nrun_id: " + RUN + "\n"
                + "saved_input_example_info:\n  artifact_path: input_example.json\n  serving_input_path: "
                + "serving_input_example.json\n  type: ndarray\n"
                + "signature:\n  inputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": "
                + "[-1, 4]}}]'\n  outputs: null\n  params: null\n"
                + "utc_time_created: '2026-12-05 06:26:14.196000'\n", Files.readString(dir.resolve("MLmodel")));
    }

    @Test
    void anExportThatFailsLeavesTheNativeFlavorOnlyWithoutPythonFiles() throws Exception {
        LocalStore store = new LocalStore(root);
        store.createRun(new NewRun(RUN, "", "r", 1, "u", Map.of()));
        ModelSpec spec = ModelSpec.javaFlavor("tribuo", "4.3.2", ModelFile.bytes("model.tribuo", new byte[] {7}),
                        "org.tribuo.Model", "org.tribuo.Model#deserializeFromFile")
                .file(ModelFile.export("model.onnx", "onnx", () -> {
                    throw new IllegalStateException("not exportable");
                }))
                .flavor("onnx", "data", "model.onnx").pythonFunction("mlflow.onnx", "model.onnx", "onnx==1.17.0")
                .build();

        new ModelDirectory(true, false).write(store, RUN, "model", MODEL, spec, 1796451974000L);

        Path dir = root.resolve("0").resolve(RUN).resolve("artifacts/model");
        assertEquals(List.of("MLmodel", "model.tribuo"), Files.list(dir).map(p -> p.getFileName().toString()).sorted()
                .toList());
        String mlmodel = Files.readString(dir.resolve("MLmodel"));
        assertEquals("flavors:\n  tribuo:\n    data: model.tribuo\n    loader: 'org.tribuo.Model#deserializeFromFile'\n"
                + "    model_class: org.tribuo.Model\n    tribuo_version: '4.3.2'\n",
                mlmodel.substring(mlmodel.indexOf("flavors:"), mlmodel.indexOf("mlflow_version")));
    }
}
