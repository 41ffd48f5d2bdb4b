package dev.autolog.integration.xgboost;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.hook.Hook;
import dev.autolog.run.Training;

/**
 * After each round's {@code Booster.evalSet}: logs {@code <watch>-<metric>} at step = round. The built-in form
 * {@code evalSet(mats, names, iter)} returns XGBoost's line {@code [iter]\tname-metric:value...}, whose values
 * this parses exactly as XGBoost does; the custom form {@code evalSet(mats, names, IEvaluation, out)} fills
 * {@code out} with the exact values and names the metric by {@code IEvaluation.getMetric()}.
 */
final class EvalSetHook implements Hook {
    private final boolean custom;

    EvalSetHook(boolean custom) {
        this.custom = custom;
    }

    @Override
    public Object enter(Object self, Object[] args) {
        return null;
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) throws Exception {
        TrainHook.Rounds rounds = TrainHook.rounds();
        Training training = Training.current();
        if (thrown != null || rounds == null || training == null) {
            return;
        }
        if (custom) {
            String[] names = (String[]) args[1];
            String metric = (String) Reflect.call(args[2], "getMetric");
            float[] values = (float[]) args[3];
            int step = rounds.next(rounds.evaluated);
            for (int i = 0; i < names.length; i++) {
                training.metric(names[i] + "-" + metric, exact(values[i]), step);
            }
        } else if (returned instanceof String line) {
            int step = rounds.next((Integer) args[2]);
            EvalLine.forEach(line, (key, value) -> training.metric(key, value, step));
        }
    }

    /** The float XGBoost holds, written as its shortest decimal form (0.546, not 0.5460000038146973). */
    static double exact(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
    }
}
