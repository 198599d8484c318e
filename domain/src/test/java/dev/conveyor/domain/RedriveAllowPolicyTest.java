package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedriveAllowPolicyTest {

    @Test
    void allowsAnyQueueNoneOrThoseListed() {
        RedriveAllowPolicy some = RedriveAllowPolicy.ofAllowedSources(List.of("orders", "billing"));

        assertThat(RedriveAllowPolicy.ALLOW_ALL.allows("orders")).isTrue();
        assertThat(RedriveAllowPolicy.DENY_ALL.allows("orders")).isFalse();
        assertThat(some.allows("billing")).isTrue();
        assertThat(some.allows("shipping")).isFalse();
    }

    @Test
    void readsAndWritesTheAllowedSourcesForm() {
        assertThat(RedriveAllowPolicy.ofAllowedSources(null)).isEqualTo(RedriveAllowPolicy.ALLOW_ALL);
        assertThat(RedriveAllowPolicy.ofAllowedSources(List.of())).isEqualTo(RedriveAllowPolicy.DENY_ALL);
        assertThat(RedriveAllowPolicy.ofAllowedSources(List.of("a")).permission())
                .isEqualTo(RedriveAllowPolicy.Permission.BY_QUEUE);
        for (List<String> sources : List.of(List.<String>of(), List.of("a", "b"))) {
            assertThat(RedriveAllowPolicy.ofAllowedSources(sources).allowedSources())
                    .isEqualTo(sources);
        }
        assertThat(RedriveAllowPolicy.ALLOW_ALL.allowedSources()).isNull();
    }

    @Test
    void refusesMoreThanTenSourcesBadNamesRepeatsAndSourcesWithoutByQueue() {
        List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "q" + i).toList();

        assertThatThrownBy(() -> RedriveAllowPolicy.ofAllowedSources(eleven)).hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> RedriveAllowPolicy.ofAllowedSources(List.of("not a name")))
                .hasMessageContaining("allowed_dead_letter_sources");
        assertThatThrownBy(() -> RedriveAllowPolicy.ofAllowedSources(List.of("a", "a")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new RedriveAllowPolicy(RedriveAllowPolicy.Permission.DENY_ALL, List.of("a")))
                .hasMessageContaining("by-queue");
        assertThat(RedriveAllowPolicy.ofAllowedSources(eleven.subList(0, 10)).sourceQueueIds())
                .hasSize(10);
    }
}
