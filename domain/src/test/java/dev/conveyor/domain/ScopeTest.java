package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

    // ---- parse

    @Test
    void parsesTheStarAsTheScopeOfEverything() {
        assertThat(Scope.parse("*")).isSameAs(Scope.ALL);
        assertThat(Scope.ALL.resources()).isNull();
        assertThat(Scope.ALL.action()).isNull();
        assertThat(Scope.ALL.name()).isNull();
    }

    @Test
    void parsesAScopeForEveryResourceOfAKind() {
        assertThat(Scope.parse("queues:consume")).isEqualTo(new Scope("queues", "consume", null));
        assertThat(Scope.parse("queues:consume")).isEqualTo(Scope.of("queues", "consume"));
    }

    @Test
    void parsesAScopeForOneNamedResource() {
        assertThat(Scope.parse("queues:consume:orders")).isEqualTo(new Scope("queues", "consume", "orders"));
        assertThat(Scope.parse("topics:publish:orders.eu-west_1"))
                .isEqualTo(new Scope("topics", "publish", "orders.eu-west_1"));
    }

    @Test
    void parsesEveryActionOfEveryKindAsApiMdListsThem() {
        Map<String, List<String>> listed = Map.of(
                "topics", List.of("create", "read", "delete", "publish"),
                "queues", List.of("create", "read", "update", "delete", "publish", "consume", "manage"),
                "subscriptions", List.of("create", "read", "delete"),
                "clients", List.of("create", "read", "update", "delete"));

        assertThat(Scope.ACTIONS).isEqualTo(listed);
        listed.forEach((kind, actions) -> actions.forEach(action -> {
            assertThat(Scope.parse(kind + ":" + action)).isEqualTo(Scope.of(kind, action));
            assertThat(Scope.parse(kind + ":" + action + ":x")).isEqualTo(new Scope(kind, action, "x"));
        }));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "queues",
                "queues:",
                ":consume",
                "queues:fly",
                "topics:manage",
                "topics:consume",
                "subscriptions:update",
                "clients:publish",
                "widgets:read",
                "Queues:read",
                "queues:READ",
                "*:read",
                "**",
                "queues:consume:",
                "queues:consume:a:b",
                "queues:consume:.hidden",
                "queues:consume:a b",
                "queues:consume:*",
                "* ",
                " queues:read"
            })
    void refusesTextThatIsNotAScope(String text) {
        assertThatThrownBy(() -> Scope.parse(text)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.getMessage()).startsWith("scopes:");
        });
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Scope.parse(null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    }

    @Test
    void anUnknownScopeIsRefusedWithTheListOfKnownOnes() {
        assertThatThrownBy(() -> Scope.parse("queues:fly"))
                .hasMessageContaining("'queues:fly' is not a scope")
                .hasMessageContaining("queues:create|read|update|delete|publish|consume|manage")
                .hasMessageContaining("topics:create|read|delete|publish");
    }

    @Test
    void theStarTakesNoResourceActionOrName() {
        assertThatThrownBy(() -> new Scope(null, "read", null)).isInstanceOf(ConveyorException.class);
        assertThatThrownBy(() -> new Scope("queues", null, null)).isInstanceOf(ConveyorException.class);
        assertThatThrownBy(() -> new Scope(null, null, "orders")).isInstanceOf(ConveyorException.class);
    }

    // ---- text

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*",
                "queues:consume",
                "queues:consume:orders",
                "clients:update:0190a1b2-0000-7000-8000-000000000001"
            })
    void writesItselfAsItIsParsed(String text) {
        assertThat(Scope.parse(text).toString()).isEqualTo(text);
    }

    // ---- allows

    @Test
    void theStarAllowsEverythingIncludingListCalls() {
        assertThat(Scope.ALL.allows("queues", "consume", "orders")).isTrue();
        assertThat(Scope.ALL.allows("clients", "delete", "any")).isTrue();
        assertThat(Scope.ALL.allows("topics", "read", null)).isTrue();
    }

    @Test
    void anUnrestrictedScopeAllowsItsActionOnEveryResourceOfItsKindAndOnListCalls() {
        Scope scope = Scope.parse("queues:read");

        assertThat(scope.allows("queues", "read", "orders")).isTrue();
        assertThat(scope.allows("queues", "read", "other")).isTrue();
        assertThat(scope.allows("queues", "read", null)).isTrue();
    }

    @Test
    void aNamedScopeAllowsItsActionOnThatOneResourceOnly() {
        Scope scope = Scope.parse("queues:consume:orders");

        assertThat(scope.allows("queues", "consume", "orders")).isTrue();
        assertThat(scope.allows("queues", "consume", "other")).isFalse();
        assertThat(scope.allows("queues", "consume", "orders2")).isFalse();
        assertThat(scope.allows("queues", "consume", "Orders"))
                .as("names are case-sensitive")
                .isFalse();
    }

    @Test
    void aNamedScopeDoesNotAllowListCalls() {
        assertThat(Scope.parse("queues:read:orders").allows("queues", "read", null))
                .isFalse();
    }

    @Test
    void aScopeAllowsNoOtherActionAndNoOtherKind() {
        Scope scope = Scope.parse("queues:read");

        assertThat(scope.allows("queues", "consume", "orders")).isFalse();
        assertThat(scope.allows("queues", "manage", "orders")).isFalse();
        assertThat(scope.allows("topics", "read", "orders")).isFalse();
        assertThat(Scope.parse("topics:publish:orders").allows("queues", "publish", "orders"))
                .isFalse();
    }
}
