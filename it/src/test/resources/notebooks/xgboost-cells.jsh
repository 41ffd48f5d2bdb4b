// What a notebook user types, cell by cell: turn autologging on, train, then train inside a class of the cell, then
// start a run in one cell, train and log in later ones and end it in another (a kernel may run each cell on a new thread).
import java.util.*;
import ml.dmlc.xgboost4j.java.*;
dev.autolog.Autolog.autolog(Map.of("autolog.debug", "true", "run.tags", "cell=jshell"));
DMatrix data(long seed) throws XGBoostError { Random r = new Random(seed); float[] x = new float[200 * 4]; float[] y = new float[200]; for (int i = 0; i < 200; i++) { float s = 0; for (int j = 0; j < 4; j++) { x[i * 4 + j] = r.nextFloat(); s += x[i * 4 + j]; } y[i] = s > 2 ? 1 : 0; } DMatrix m = new DMatrix(x, 200, 4, Float.NaN); m.setLabel(y); return m; }
void report(String run, Map<String, Object> params, int rounds, float[][] metrics) { params.forEach((k, v) -> System.out.println("PARAM" + run + " " + k + " " + v)); System.out.println("PARAM" + run + " num_boost_round " + rounds); for (int i = 0; i < rounds; i++) System.out.println("TRUTH" + run + " train-logloss " + i + " " + metrics[0][i]); }
Map<String, Object> params = new LinkedHashMap<>();
params.put("objective", "binary:logistic"); params.put("max_depth", 3); params.put("eta", 0.3); params.put("eval_metric", "logloss"); params.put("nthread", 1); params.put("seed", 42);
float[][] metrics = new float[1][5];
Booster booster = XGBoost.train(data(42), params, 5, Map.of("train", data(42)), metrics, null, null, 0);
report("1", params, 5, metrics);
dev.autolog.Autolog.autolog();
class Trainer { final Map<String, Object> params = new LinkedHashMap<>(); final float[][] metrics = new float[1][4]; Trainer(Map<String, Object> base) { params.putAll(base); params.put("max_depth", 2); params.put("eta", 0.5); } Booster train(DMatrix d) throws XGBoostError { return XGBoost.train(d, params, 4, Map.of("train", d), metrics, null, null, 0); } }
Trainer trainer = new Trainer(params);
Booster second = trainer.train(data(7));
report("2", trainer.params, 4, trainer.metrics);
System.out.println("CELL_CLASS_LOADER " + Trainer.class.getClassLoader().getClass().getName());
var cellsRun = dev.autolog.Autolog.startRun("cells-run");
float[][] metrics3 = new float[1][3];
Booster third = XGBoost.train(data(3), params, 3, Map.of("train", data(3)), metrics3, null, null, 0);
report("3", params, 3, metrics3);
dev.autolog.Autolog.logMetric("user_metric", 0.5, 1);
dev.autolog.Autolog.endRun();
System.out.println("CELLS_RUN_ENDED " + cellsRun.isEnded());
// jshell may end its JVM at /exit before shutdown hooks have written everything
System.out.println("FLUSHED " + dev.autolog.Autolog.flush());
/exit
