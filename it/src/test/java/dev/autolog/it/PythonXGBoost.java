package dev.autolog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Python's xgboost (Debian's python3-xgboost, which {@code .ci/run} installs) reading a model directory the way
 * {@code mlflow.xgboost} does: the data file named by MLmodel's {@code flavors.xgboost.data}, into a
 * {@code xgboost.core.Booster}.
 */
final class PythonXGBoost {
    private static final String SCRIPT = String.join("\n",
            "import sys, yaml, numpy, xgboost",
            "d = sys.argv[1]",
            "flavor = yaml.safe_load(open(d + '/MLmodel'))['flavors']['xgboost']",
            "assert flavor['model_class'] == 'xgboost.core.Booster'",
            "booster = xgboost.Booster()",
            "booster.load_model(d + '/' + flavor['data'])",
            "rows = numpy.array([[float(v) for v in r.split()] for r in sys.argv[2:]], dtype=numpy.float32)",
            "for p in booster.predict(xgboost.DMatrix(rows)):",
            "    print(repr(float(p)))");

    private PythonXGBoost() {
    }

    /** What Python predicts for {@code rows} (space-separated feature values), each as the float32 it returned. */
    static List<Float> predict(Path modelDir, List<String> rows) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", SCRIPT, modelDir.toString()));
        command.addAll(rows);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out.lines().map(Float::parseFloat).toList();
    }
}
