package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import java.util.regex.Pattern;

/**
 * A logical plan's text as one JVM prints it like the next: Spark's {@code treeString} with every field (no
 * {@code ... n more fields}), without what a JVM makes up for itself: expression ids ({@code a1#12}), CTE ids,
 * identity hashes ({@code @5e9f23b4}) and the generated part of lambda class names ({@code $$Lambda$1234/0x...}).
 */
final class PlanText {
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda(\\$\\d+)?/(0x)?[0-9a-f]+");
    private static final Pattern IDENTITY_HASH = Pattern.compile("(?<=[\\w$])@[0-9a-f]{1,8}\\b");
    private static final Pattern EXPRESSION_ID = Pattern.compile("#\\d+");
    private static final Pattern CTE_ID = Pattern.compile("(CTERelation(Def|Ref) )\\d+");

    private PlanText() {
    }

    static String of(Object plan) throws Exception {
        String text;
        try {
            text = (String) Reflect.call(plan, "treeString", true, false, Integer.MAX_VALUE, false);
        } catch (NoSuchMethodException spark4) {
            text = (String) Reflect.call(plan, "treeString", true, false, Integer.MAX_VALUE, false, false);
        }
        return canonical(text);
    }

    static String canonical(String text) {
        String s = EXPRESSION_ID.matcher(withoutIdentities(text)).replaceAll("#");
        return CTE_ID.matcher(s).replaceAll("$1");
    }

    /** An object's text ({@code Foo@5e9f23b4}, a lambda's) as another JVM would print it. */
    static String withoutIdentities(String text) {
        return IDENTITY_HASH.matcher(LAMBDA.matcher(text).replaceAll("\\$\\$Lambda")).replaceAll("@");
    }
}
