package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;
import java.util.ArrayList;
import java.util.List;

/**
 * The first examples of a {@code Dataset} or {@code SequenceDataset}, in order: a {@code SequenceExample} (a
 * sentence, say) is not an example itself but the examples it holds (its tokens), each with an output and features.
 */
final class FirstExamples {
    private FirstExamples() {
    }

    static List<Object> of(Iterable<?> dataset, int max) {
        List<Object> out = new ArrayList<>(Math.min(max, 16));
        for (Object item : dataset) {
            if (out.size() >= max) {
                break;
            }
            if (isSequence(item)) {
                for (Object example : (Iterable<?>) item) {
                    if (out.size() >= max) {
                        break;
                    }
                    out.add(example);
                }
            } else {
                out.add(item);
            }
        }
        return out;
    }

    /** An {@code Example} has an output and iterates its features; a {@code SequenceExample} iterates examples. */
    private static boolean isSequence(Object item) {
        return !Reflect.hasMethod(item, "getOutput", 0) && item instanceof Iterable<?>;
    }
}
