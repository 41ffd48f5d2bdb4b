package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.ParameterNames;
import dev.autolog.dataset.DatasetSpec;
import dev.autolog.run.Training;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The hyperparameters of one Smile call, however that version passes them: {@code Properties} entries under their
 * keys, the components of an {@code Options} record (4.x+), and scalar positional arguments under their source
 * names ({@code ntrees}, {@code maxDepth}); a {@code Formula} as {@code formula}. Data arguments give the
 * dataset's shape once, for the outermost call.
 */
final class FitParams {
    private static final int MAX_ARRAY_PARAM = 64;

    private FitParams() {
    }

    /** Returns the training data argument (a matrix or {@code DataFrame}) when {@code withDataset}, else null. */
    static Object log(Training training, Method method, Object[] args, String prefix, boolean withDataset)
            throws ReflectiveOperationException {
        String[] names = ParameterNames.of(method);
        Object dataset = null;
        boolean datasetSeen = !withDataset;
        Object formula = null;
        for (int i = 0; i < args.length && i < names.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                continue;
            }
            if (arg instanceof Properties p) {
                for (String key : new TreeSet<>(p.stringPropertyNames())) {
                    training.param(key, p.getProperty(key));
                }
            } else if (isOptions(arg)) {
                logOptions(training, arg);
            } else if (Values.isScalar(arg)) {
                training.param(prefix + names[i], arg);
            } else if (arg.getClass().getName().endsWith(".formula.Formula")) {
                training.param("formula", arg);
                formula = arg;
            } else if (!datasetSeen && Dataset.log(training, arg)) {
                datasetSeen = true;
                dataset = arg;
                if (training.logDatasets()) {
                    logDataset(training, arg, formula);
                }
            }
        }
        return dataset;
    }

    /** The training data as the run's dataset input; a failure to read it costs only the dataset. */
    private static void logDataset(Training training, Object data, Object formula) {
        try {
            DatasetSpec spec = SmileDatasets.of("train", "training", data, formula);
            if (spec != null) {
                training.datasets(List.of(spec));
            }
        } catch (Exception e) {
            dev.autolog.logging.Diagnostics.hookError("smile dataset", e);
        }
    }

    static boolean isOptions(Object arg) {
        return arg.getClass().isRecord() && arg.getClass().getSimpleName().equals("Options");
    }

    private static void logOptions(Training training, Object options) throws ReflectiveOperationException {
        for (Map.Entry<String, Object> e : Values.members(options).entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            if (Values.isScalar(value)) {
                training.param(e.getKey(), value);
            } else if (value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()
                    && Array.getLength(value) <= MAX_ARRAY_PARAM) {
                training.param(e.getKey(), value);
            }
        }
    }
}
