package dev.autolog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * With the agent attached, each execution of the annotated method is one run: started on entry, ended FINISHED
 * on return or FAILED if it throws; every training inside logs into it. Without the agent it has no effect.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AutologRun {

    /** The run name; empty for a generated {@code run-<timestamp>-<uid>} name. */
    String value() default "";
}
