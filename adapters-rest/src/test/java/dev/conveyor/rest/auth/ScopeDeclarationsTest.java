package dev.conveyor.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.domain.Scope;
import dev.conveyor.rest.ClientsResource;
import dev.conveyor.rest.QueueInspectionResource;
import dev.conveyor.rest.QueueMessagesResource;
import dev.conveyor.rest.QueuesResource;
import dev.conveyor.rest.StatsResource;
import dev.conveyor.rest.SubscriptionsResource;
import dev.conveyor.rest.TokenResource;
import dev.conveyor.rest.TopicsResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.PathParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every /v1 resource method declares what it needs: a scope (a real one, naming its resource from a real path
 * parameter or body field), or that it is public. The filter refuses undeclared methods; this keeps there
 * being none, so a new endpoint cannot ship without a decision.
 */
class ScopeDeclarationsTest {
    private static final List<Class<?>> API = List.of(
            TopicsResource.class,
            QueuesResource.class,
            QueueMessagesResource.class,
            QueueInspectionResource.class,
            StatsResource.class,
            SubscriptionsResource.class,
            ClientsResource.class,
            TokenResource.class);

    private static List<Method> endpoints() {
        List<Method> methods = new ArrayList<>();
        for (Class<?> resource : API) {
            for (Method method : resource.getDeclaredMethods()) {
                if (Arrays.stream(method.getAnnotations())
                        .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class))) {
                    methods.add(method);
                }
            }
        }
        return methods;
    }

    @Test
    void everyEndpointDeclaresAScopeOrThatItIsPublic() {
        List<Method> endpoints = endpoints();
        assertThat(endpoints).hasSizeGreaterThan(25);
        for (Method method : endpoints) {
            boolean requires = method.isAnnotationPresent(Requires.class);
            boolean open = method.isAnnotationPresent(Public.class);
            assertThat(requires ^ open).as(method.toString()).isTrue();
        }
        assertThat(endpoints)
                .filteredOn(m -> m.isAnnotationPresent(Public.class))
                .extracting(Method::getName)
                .as("only the token call, in its JSON and its OAuth form")
                .containsExactlyInAnyOrder("issue", "issue");
    }

    @Test
    void everyDeclaredScopeIsARealScopeNamingARealParameter() {
        for (Method method : endpoints()) {
            Requires requires = method.getAnnotation(Requires.class);
            if (requires == null) {
                continue;
            }
            String[] parts = requires.value().split(":");
            assertThat(parts).as(method.toString()).hasSize(2);
            assertThat(Scope.parse(requires.value())).isEqualTo(Scope.of(parts[0], parts[1]));
            String name = requires.name();
            if (name.startsWith("path:")) {
                assertThat(pathParams(method)).as(method.toString()).contains(name.substring("path:".length()));
            } else if (!name.isEmpty()) {
                assertThat(name).as(method.toString()).isEqualTo("body:id");
            }
        }
    }

    private static List<String> pathParams(Method method) {
        List<String> names = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            for (Annotation annotation : parameter.getAnnotations()) {
                if (annotation instanceof PathParam path) {
                    names.add(path.value());
                }
            }
        }
        return names;
    }
}
