package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;

/** The learning rate of a network whose updater follows a schedule, read at an iteration and epoch. */
final class LearningRate {
    private final Object updater;

    private LearningRate(Object updater) {
        this.updater = updater;
    }

    /** The scheduled learning rate of the network's first updater that has a schedule, or null. */
    static LearningRate scheduled(Object[] layers) {
        if (layers == null) {
            return null;
        }
        for (Object layer : layers) {
            Object updater = Beans.get(Beans.get(Beans.get(layer, "conf"), "getLayer"), "getIUpdater");
            if (schedule(updater) != null) {
                return new LearningRate(updater);
            }
        }
        return null;
    }

    /** The updater's learning rate schedule ({@code getLearningRateSchedule}), or null. */
    static Object schedule(Object updater) {
        return Beans.get(updater, "getLearningRateSchedule");
    }

    double at(int iteration, int epoch) throws Exception {
        return ((Number) Reflect.call(updater, "getLearningRate", iteration, epoch)).doubleValue();
    }
}
