package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException.Kind;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopesTest {

    // ---- parse

    @Test
    void parsesSpaceSeparatedScopes() {
        Scopes scopes = Scopes.parse("queues:consume:orders topics:publish");

        assertThat(scopes.granted())
                .containsExactlyInAnyOrder(new Scope("queues", "consume", "orders"), Scope.of("topics", "publish"));
    }

    @Test
    void toleratesSurroundingAndRepeatedSpaces() {
        assertThat(Scopes.parse("  queues:read    topics:read  ").granted())
                .containsExactlyInAnyOrder(Scope.of("queues", "read"), Scope.of("topics", "read"));
    }

    @Test
    void aScopeGivenTwiceIsHeldOnce() {
        assertThat(Scopes.parse("queues:read queues:read").granted()).containsExactly(Scope.of("queues", "read"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   "})
    void refusesNoScopeAtAll(String text) {
        assertThatThrownBy(() -> Scopes.parse(text)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.getMessage()).isEqualTo("scopes must hold 1 to 100 space-separated scopes");
        });
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Scopes.parse(null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    }

    @Test
    void oneBrokenScopeRefusesTheWholeString() {
        assertThatThrownBy(() -> Scopes.parse("queues:read queues:fly topics:read"))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).contains("'queues:fly' is not a scope");
                });
    }

    @Test
    void commasAreNotSeparators() {
        assertThatThrownBy(() -> Scopes.parse("queues:read,topics:read")).isInstanceOf(ConveyorException.class);
    }

    @Test
    void holdsUpToOneHundredScopes() {
        assertThat(Scopes.parse(namedReads(100)).granted()).hasSize(Scopes.MAX);
    }

    @Test
    void refusesMoreThanOneHundredScopes() {
        assertThatThrownBy(() -> Scopes.parse(namedReads(101)))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    }

    @Test
    void refusesAnEmptySet() {
        assertThatThrownBy(() -> new Scopes(Set.of())).isInstanceOf(ConveyorException.class);
        assertThatThrownBy(() -> new Scopes(null)).isInstanceOf(ConveyorException.class);
    }

    @Test
    void keepsACopyOfTheSetItIsGiven() {
        Set<Scope> given = new HashSet<>(Set.of(Scope.of("queues", "read")));
        Scopes scopes = new Scopes(given);

        given.add(Scope.ALL);

        assertThat(scopes.granted()).containsExactly(Scope.of("queues", "read"));
        assertThatThrownBy(() -> scopes.granted().add(Scope.ALL)).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- text

    @Test
    void writesTheScopesSortedSoThatEqualSetsReadTheSame() {
        String text = "topics:publish queues:read:orders * queues:consume";

        assertThat(Scopes.parse(text).text()).isEqualTo("* queues:consume queues:read:orders topics:publish");
        assertThat(Scopes.parse("queues:consume topics:publish * queues:read:orders")
                        .text())
                .isEqualTo(Scopes.parse(text).text());
    }

    @Test
    void itsTextParsesBackToTheSameScopes() {
        Scopes scopes = Scopes.parse("clients:read subscriptions:create:s1 queues:manage:dlq");

        assertThat(Scopes.parse(scopes.text())).isEqualTo(scopes);
    }

    // ---- allow

    @Test
    void allowsWhatAnyOfItsScopesAllows() {
        Scopes scopes = Scopes.parse("queues:consume:orders topics:publish");

        assertThat(scopes.allow("queues", "consume", "orders")).isTrue();
        assertThat(scopes.allow("topics", "publish", "anything")).isTrue();
        assertThat(scopes.allow("topics", "publish", null)).isTrue();
        assertThat(scopes.allow("queues", "consume", "other")).isFalse();
        assertThat(scopes.allow("queues", "consume", null)).isFalse();
        assertThat(scopes.allow("queues", "read", "orders")).isFalse();
    }

    @Test
    void theStarAmongOtherScopesAllowsEverything() {
        Scopes scopes = Scopes.parse("queues:read:orders *");

        assertThat(scopes.allow("clients", "delete", "x")).isTrue();
        assertThat(scopes.allow("queues", "read", null)).isTrue();
    }

    // ---- firstNotCovered

    @Test
    void theStarCoversEveryGrantIncludingTheStar() {
        Scopes star = Scopes.parse("*");

        assertThat(star.firstNotCovered(Scopes.parse("*"))).isEmpty();
        assertThat(star.firstNotCovered(Scopes.parse("clients:create queues:consume:orders")))
                .isEmpty();
    }

    @Test
    void onlyTheStarCoversTheStar() {
        Scopes everyAction = Scopes.parse(Scope.ACTIONS.entrySet().stream()
                .flatMap(kind -> kind.getValue().stream().map(action -> kind.getKey() + ":" + action))
                .collect(Collectors.joining(" ")));

        assertThat(everyAction.firstNotCovered(Scopes.parse("*"))).contains(Scope.ALL);
    }

    @Test
    void anUnrestrictedScopeCoversTheSameScopeForOneResource() {
        Scopes held = Scopes.parse("queues:read");

        assertThat(held.firstNotCovered(Scopes.parse("queues:read"))).isEmpty();
        assertThat(held.firstNotCovered(Scopes.parse("queues:read:orders"))).isEmpty();
    }

    @Test
    void aScopeForOneResourceDoesNotCoverTheUnrestrictedScopeNorAnotherResource() {
        Scopes held = Scopes.parse("queues:read:orders");

        assertThat(held.firstNotCovered(Scopes.parse("queues:read:orders"))).isEmpty();
        assertThat(held.firstNotCovered(Scopes.parse("queues:read"))).contains(Scope.of("queues", "read"));
        assertThat(held.firstNotCovered(Scopes.parse("queues:read:other")))
                .contains(new Scope("queues", "read", "other"));
    }

    @Test
    void anotherActionIsNotCovered() {
        assertThat(Scopes.parse("queues:read").firstNotCovered(Scopes.parse("queues:consume:orders")))
                .contains(new Scope("queues", "consume", "orders"));
    }

    @Test
    void namesTheFirstUncoveredScopeInSortedOrder() {
        Scopes held = Scopes.parse("queues:read");

        assertThat(held.firstNotCovered(Scopes.parse("topics:read queues:read clients:read queues:consume")))
                .contains(Scope.of("clients", "read"));
    }

    private static String namedReads(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "queues:read:q" + i)
                .collect(Collectors.joining(" "));
    }
}
