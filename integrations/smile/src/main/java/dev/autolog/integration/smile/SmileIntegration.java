package dev.autolog.integration.smile;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.autolog.agent.tooling.Integration;
import dev.autolog.agent.tooling.TypeInstrumentation;
import dev.autolog.hook.Hooks;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Smile: every public static {@code fit} of a classifier, regressor or clustering algorithm and the 5.x+
 * {@code Model.classification/regression} facade (the outermost call opens the run), the cross-validation entry
 * points of {@code smile.validation} (one run for all folds), and the single train/test validations, whose
 * metrics go into the run of the model validated.
 */
public final class SmileIntegration implements Integration {
    static final String FIT_HOOK = "smile.fit";
    static final String CROSS_VALIDATION_HOOK = "smile.crossValidation";
    static final String VALIDATION_HOOK = "smile.validation";
    private static final String VALIDATION = "smile.validation.";

    @Override
    public String name() {
        return "smile";
    }

    @Override
    public void registerHooks() {
        Hooks.register(FIT_HOOK, new FitHook());
        Hooks.register(CROSS_VALIDATION_HOOK, new CrossValidationHook());
        Hooks.register(VALIDATION_HOOK, new ValidationHook());
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(
                TypeInstrumentation.of(nameStartsWith("smile.classification.").or(nameStartsWith("smile.regression."))
                                .or(nameStartsWith("smile.clustering.")).and(declaresMethod(publicStatic("fit"))),
                        hooks -> hooks.hookStatic(publicStatic("fit").and(not(returns(void.class))), FIT_HOOK)),
                TypeInstrumentation.of(named(FitHook.FACADE),
                        hooks -> hooks.hookStatic(publicStatic("classification", "regression"), FIT_HOOK)),
                TypeInstrumentation.of(namedOneOf(VALIDATION + "CrossValidation", VALIDATION + "Bootstrap",
                                VALIDATION + "ClassificationValidation", VALIDATION + "RegressionValidation"),
                        hooks -> hooks.hookStatic(publicStatic("of", "classification", "regression", "stratify")
                                .and(returns(namedOneOf(VALIDATION + "ClassificationValidations",
                                        VALIDATION + "RegressionValidations"))), CROSS_VALIDATION_HOOK)
                                .hook(publicStatic("of").and(returns(namedOneOf(VALIDATION + "ClassificationValidation",
                                        VALIDATION + "RegressionValidation"))), VALIDATION_HOOK)));
    }

    @Override
    public List<String> classNamePrefixes() {
        return List.of("smile/classification/", "smile/regression/", "smile/clustering/", "smile/model/",
                "smile/validation/");
    }

    @Override
    public String checkLoader(ClassLoader loader) {
        return SmileVersions.check(loader);
    }

    private static ElementMatcher.Junction<MethodDescription> publicStatic(String... names) {
        return namedOneOf(names).and(isStatic()).and(isPublic()).and(not(isSynthetic())).and(not(isBridge()));
    }
}
