package dev.conveyor.rest.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a resource method needs when authentication is on, checked by {@link AuthorizationFilter} before
 * the method runs: {@code @Requires(value = "queues:consume", name = "path:id")}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
    /** {@code <resources>:<action>}, as in API.md. */
    String value();

    /**
     * Where the name of the one resource acted on comes from: {@code path:<param>} or {@code body:<field>} (for
     * creates, the new resource's id). Empty for calls on every resource (lists), which need a scope that is not
     * restricted to one name.
     */
    String name() default "";
}
