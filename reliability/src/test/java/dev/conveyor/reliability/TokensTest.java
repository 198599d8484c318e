package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void namesTheScenarioAndTheKindOfMessage() {
        Tokens tokens = new Tokens("poison-message");

        assertThat(List.of(tokens.next("normal"), tokens.next("poison-nacked")))
                .containsExactly("poison-message-normal-1", "poison-message-poison-nacked-2");
        assertThat(tokens.issued()).isEqualTo(2);
    }

    @Test
    void neverHandsOutATokenTwiceAcrossThreads() throws InterruptedException {
        Tokens tokens = new Tokens("baseline");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            threads.execute(() -> {
                for (int j = 0; j < 10_000; j++) {
                    seen.add(tokens.next("a"));
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(seen).hasSize(80_000);
    }

    @Test
    void refusesABlankPrefix() {
        assertThatThrownBy(() -> new Tokens(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
