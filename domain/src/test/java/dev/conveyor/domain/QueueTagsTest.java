package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueTagsTest {

    private static Map<String, String> tags(int count) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put("key-" + i, "value");
        }
        return tags;
    }

    @Test
    void addsOverwritesAndRemovesKeysInOneStableOrder() {
        QueueTags tags = new QueueTags(Map.of("team", "billing", "env", "prod"))
                .with(Map.of("env", "staging", "cost", ""))
                .without(List.of("team", "absent"));

        assertThat(tags.tags()).containsExactly(Map.entry("cost", ""), Map.entry("env", "staging"));
    }

    @Test
    void holdsSqsBounds() {
        assertThat(new QueueTags(tags(50)).tags()).hasSize(50);
        assertThat(new QueueTags(Map.of("k".repeat(128), "v".repeat(256))).tags())
                .hasSize(1);

        assertThatThrownBy(() -> new QueueTags(tags(51))).hasMessageContaining("at most 50");
        assertThatThrownBy(() -> new QueueTags(tags(50)).with(Map.of("one-more", "v")))
                .hasMessageContaining("at most 50");
        assertThatThrownBy(() -> new QueueTags(Map.of("", "v"))).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> new QueueTags(Map.of("k".repeat(129), "v"))).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> new QueueTags(Map.of("k", "v".repeat(257)))).hasMessageContaining("0 to 256");
        assertThatThrownBy(() -> new QueueTags(Map.of("AWS:cost", "v"))).hasMessageContaining("reserved");
    }
}
