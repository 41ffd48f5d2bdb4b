package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import java.lang.reflect.Array;

/**
 * Text for a param value that Spark cannot encode as JSON (third-party estimators set byte arrays, DataFrames and
 * native handles as params): its own {@code toString} where its class has one, else its type and size, never an
 * identity hash such as {@code [B@2df7766b}; an estimator held by a param by its class's simple name, not its uid.
 */
final class ParamValues {
    private static final String DATASET = "org.apache.spark.sql.Dataset";

    private ParamValues() {
    }

    static String describe(Object value) {
        Class<?> type = value.getClass();
        if (type.isArray()) {
            return type.getComponentType().getSimpleName() + "[" + Array.getLength(value) + "]";
        }
        if (Stages.implementsParams(value)) {
            return type.getSimpleName(); // its own params are logged under <param>.<name>, see Stages.walk
        }
        if (Stages.is(value, DATASET)) {
            return "Dataset[" + columns(value) + " columns]";
        }
        return hasOwnToString(type) ? String.valueOf(value) : type.getName();
    }

    private static String columns(Object dataset) {
        try {
            return String.valueOf(((Object[]) Reflect.call(dataset, "columns")).length);
        } catch (Exception e) {
            return "?";
        }
    }

    private static boolean hasOwnToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
