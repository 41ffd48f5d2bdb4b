package dev.autolog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a metric's best value is its highest or its lowest, from the tokens of its name: {@code test-f1_macro}
 * is {@code test}, {@code f1}, {@code macro}; {@code areaUnderROC} is {@code area}, {@code under}, {@code roc}. The
 * last token that names a score or a loss decides, so prefixes ({@code train-}, {@code validation_}) and suffixes
 * ({@code _macro}, {@code @5}) do not mislead, and a token must match whole ({@code heatmap} is not {@code map}). A
 * bare {@code score} is a loss (DL4J's score); {@code neg} before a loss makes it a score (scikit-learn's
 * {@code neg_mean_squared_error}). Names with no such token are taken as losses. The UI shows the same best.
 */
enum BestDirection {
    MAX, MIN;

    private static final Set<String> HIGHER = Set.of("accuracy", "acc", "auc", "aucpr", "auprc", "prauc", "aupr", "roc",
            "aucroc", "rocauc", "auroc", "pr", "ap", "map", "mrr", "ndcg", "pre", "precision", "recall", "tpr",
            "sensitivity", "specificity", "tnr", "f", "f1", "f2", "fmeasure", "fscore", "r2", "r2adj", "ev", "var",
            "explained", "mcc", "kappa", "iou", "miou", "dice", "jaccard", "likelihood", "loglikelihood", "silhouette",
            "mi", "nmi", "ami", "true", "tp", "tn", "bleu", "rouge", "psnr", "ssim", "hit", "hits");
    private static final Set<String> LOWER = Set.of("loss", "logloss", "mlogloss", "error", "errors", "err", "merror",
            "mae", "mse", "rmse", "msle", "rmsle", "mape", "smape", "mase", "mphe", "nloglik", "nll", "deviance",
            "aic", "bic", "distortion", "hinge", "huber", "perplexity", "cost", "false", "fp", "fn", "fpr", "fnr",
            "fdr", "wer", "cer", "brier", "medae", "objective", "crossentropy", "entropy", "rss");
    private static final Set<String> NEGATED = Set.of("neg", "negative");

    static BestDirection of(String key) {
        List<String> tokens = tokens(key);
        for (int i = tokens.size() - 1; i >= 0; i--) {
            String t = tokens.get(i);
            if (HIGHER.contains(t)) {
                return MAX;
            }
            if (LOWER.contains(t)) {
                return tokens.subList(0, i).stream().anyMatch(NEGATED::contains) ? MAX : MIN;
            }
        }
        return MIN;
    }

    /** The value of {@code --best-direction}: max or min. */
    static BestDirection parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--best-direction must be max or min, not '" + text + "'");
        }
    }

    boolean isBetter(double candidate, double best) {
        return this == MAX ? candidate > best : candidate < best;
    }

    /**
     * Letters and digits, cut at every other character and where a capital begins a word ({@link #beginsWord}):
     * {@code TopKAccuracy} is {@code top}, {@code k}, {@code accuracy}; {@code meanIoU} is {@code mean}, {@code iou}.
     */
    static List<String> tokens(String key) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= key.length(); i++) {
            boolean inToken = i < key.length() && Character.isLetterOrDigit(key.charAt(i));
            if (start >= 0 && (!inToken || beginsWord(key, i))) {
                out.add(key.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
            if (inToken && start < 0) {
                start = i;
            }
        }
        return out;
    }

    /**
     * A capital begins a word after a digit ({@code Top5Accuracy}), after capitals when a lower-case letter follows
     * it ({@code ROCCurve}, {@code KAccuracy}) and after a lower-case letter ({@code topK}), except that a capital,
     * one lower-case letter and a capital ending the word are one word ({@code IoU}, {@code PrAUC}).
     */
    private static boolean beginsWord(String key, int i) {
        if (!Character.isUpperCase(key.charAt(i))) {
            return false;
        }
        char previous = key.charAt(i - 1);
        boolean lowerNext = i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
        if (Character.isUpperCase(previous)) {
            return lowerNext;
        }
        if (!Character.isLowerCase(previous)) {
            return Character.isDigit(previous);
        }
        boolean loneLowerAfterCapital = i >= 2 && Character.isUpperCase(key.charAt(i - 2));
        return lowerNext || !loneLowerAfterCapital;
    }
}
