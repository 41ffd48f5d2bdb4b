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

    private static final Set<String> HIGHER = Set.of("accuracy", "acc", "auc", "aucpr", "auprc", "prauc", "roc", "pr",
            "ap", "map", "ndcg", "pre", "precision", "recall", "sensitivity", "specificity", "f", "f1", "f2",
            "fmeasure", "fscore", "r2", "r2adj", "ev", "var", "mcc", "kappa", "iou", "dice", "jaccard", "likelihood",
            "loglikelihood", "silhouette", "mi", "nmi", "ami", "true", "tp", "tn", "bleu", "rouge", "hit", "hits");
    private static final Set<String> LOWER = Set.of("loss", "logloss", "mlogloss", "error", "errors", "err", "merror",
            "mae", "mse", "rmse", "msle", "rmsle", "mape", "smape", "mase", "mphe", "nloglik", "nll", "deviance",
            "aic", "bic", "distortion", "hinge", "huber", "perplexity", "cost", "false", "fp", "fn", "objective",
            "crossentropy", "entropy", "rss");
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

    /** Letters and digits, cut at every other character and where a lower-case letter meets an upper-case one. */
    static List<String> tokens(String key) {
        List<String> out = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean camel = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1));
            if (!Character.isLetterOrDigit(c) || camel) {
                if (token.length() > 0) {
                    out.add(token.toString().toLowerCase(Locale.ROOT));
                    token.setLength(0);
                }
            }
            if (Character.isLetterOrDigit(c)) {
                token.append(c);
            }
        }
        if (token.length() > 0) {
            out.add(token.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
