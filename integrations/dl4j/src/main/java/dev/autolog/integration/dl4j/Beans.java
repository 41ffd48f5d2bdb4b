package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;

/** Reads DL4J getters that some versions or some layer types do not have: absent reads as null. */
final class Beans {
    private Beans() {
    }

    static Object get(Object target, String getter) {
        if (target == null) {
            return null;
        }
        try {
            return Reflect.call(target, getter);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(target.getClass().getName() + "." + getter + "() failed", e);
        }
    }

    static int intValue(Object target, String getter) {
        return ((Number) get(target, getter)).intValue();
    }
}
