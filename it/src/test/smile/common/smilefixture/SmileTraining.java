package smilefixture;

import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;

/**
 * Smile training as a user writes it, with no autolog code. The same source compiles against every Smile line;
 * what differs between lines (options records, record accessors) is in {@code Line}, one source per line. Prints
 * {@code TRUTH key step value} and {@code PARAM key value} lines with what Smile itself reports.
 */
public final class SmileTraining {
    static final int N = 300;
    static final double[][] X = new double[N][4];
    static final int[] Y = new int[N];
    static final int[][] XI = new int[N][5];

    static {
        Random r = new Random(42);
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) {
                X[i][j] = r.nextDouble();
                s += X[i][j];
                XI[i][j] = (int) (X[i][j] * 10);
            }
            Y[i] = s > 2 ? 1 : 0;
            XI[i][4] = Y[i];
        }
    }

    static Formula formula() {
        return Formula.lhs("y");
    }

    static DataFrame frame(int from, int to) {
        int[][] rows = new int[to - from][];
        System.arraycopy(XI, from, rows, 0, rows.length);
        return DataFrame.of(rows, "x1", "x2", "x3", "x4", "y");
    }

    static double[][] x(int from, int to) {
        double[][] rows = new double[to - from][];
        System.arraycopy(X, from, rows, 0, rows.length);
        return rows;
    }

    static int[] y(int from, int to) {
        int[] labels = new int[to - from];
        System.arraycopy(Y, from, labels, 0, labels.length);
        return labels;
    }

    static void truth(String key, long step, double value) {
        System.out.println("TRUTH " + key + " " + step + " " + value);
    }

    static void param(String key, Object value) {
        System.out.println("PARAM " + key + " " + value);
    }

    /** The hyperparameters {@code Line.forest} trains with: 20 trees, mtry 2, depth 8, 100 nodes, node size 5. */
    static void forestParams() {
        param("ntrees", 20);
        param("mtry", 2);
        param("maxDepth", 8);
        param("maxNodes", 100);
        param("nodeSize", 5);
        param("rule", "GINI");
    }

    static void predictions(RandomForest model) {
        DataFrame data = frame(0, 10);
        for (int i = 0; i < 10; i++) {
            System.out.println("PREDICT " + i + " " + model.predict(data.get(i)));
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "forest":
                predictions(Line.forest(formula(), frame(0, N)));
                Line.schema(formula(), frame(0, N));
                System.out.println("RESPONSE " + formula().response());
                for (int i = 0; i < 5; i++) {
                    System.out.println("EXAMPLE " + XI[i][0] + " " + XI[i][1] + " " + XI[i][2] + " " + XI[i][3]);
                }
                break;
            case "load":
                try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Paths.get(args[1])))) {
                    predictions((RandomForest) in.readObject());
                }
                break;
            case "logistic": {
                Properties p = new Properties();
                p.setProperty("smile.logistic.lambda", "0.1");
                param("smile.logistic.lambda", "0.1");
                LogisticRegression lr = LogisticRegression.fit(X, Y, p);
                truth("log_likelihood", 0, lr.loglikelihood());
                truth("aic", 0, lr.AIC());
                System.out.println("WIDTH " + X[0].length);
                for (int i = 0; i < 5; i++) {
                    System.out.println("EXAMPLE " + X[i][0] + " " + X[i][1] + " " + X[i][2] + " " + X[i][3]);
                }
                break;
            }
            case "validation":
                Line.validation(x(0, 200), y(0, 200), x(200, N), y(200, N));
                break;
            case "cv":
                Line.crossValidation(X, Y);
                break;
            case "kmeans":
                Line.kmeans(X);
                break;
            case "gbt":
                Line.boosting(formula(), frame(0, N));
                break;
            case "facade":
                Class.forName("smilefixture.Facade").getMethod("run").invoke(null);
                break;
            case "threads": {
                ExecutorService pool = Executors.newFixedThreadPool(3);
                List<Future<String>> fits = new ArrayList<>();
                for (String lambda : new String[] {"0.1", "0.2", "0.3"}) {
                    fits.add(pool.submit(() -> {
                        Properties p = new Properties();
                        p.setProperty("smile.logistic.lambda", lambda);
                        return "THREAD " + lambda + " " + LogisticRegression.fit(X, Y, p).loglikelihood();
                    }));
                }
                for (Future<String> fit : fits) {
                    System.out.println(fit.get());
                }
                pool.shutdown();
                break;
            }
            case "fail":
                try {
                    LogisticRegression.fit(X, new int[3]);
                } catch (RuntimeException e) {
                    System.out.println("CAUGHT " + e.getClass().getName() + ": " + e.getMessage());
                }
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
