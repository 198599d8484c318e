package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueSettingsTest {

    /** Every field at its default but the one under test, set by name. */
    private static QueueSettings with(String field, long value) {
        return new QueueSettings(
                field.equals("ack_deadline_seconds") ? (int) value : 30,
                field.equals("message_retention_seconds") ? (int) value : 1_209_600,
                field.equals("delivery_delay_seconds") ? (int) value : 0,
                field.equals("max_deliveries") ? Integer.valueOf((int) value) : null,
                null,
                field.equals("backoff_min_seconds") ? (int) value : 0,
                field.equals("backoff_max_seconds") ? (int) value : field.equals("backoff_min_seconds") ? 43_200 : 0,
                field.equals("max_messages") ? Long.valueOf(value) : null);
    }

    private static QueueSettings backoff(int min, int max) {
        return new QueueSettings(30, 1_209_600, 0, null, null, min, max, null);
    }

    @Test
    void defaultsFollowTheContract() {
        QueueSettings defaults = QueueSettings.defaults();

        assertThat(defaults).isEqualTo(new QueueSettings(30, 1_209_600, 0, null, null, 0, 0, null));
        assertThat(defaults.ackDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.retention()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void withDefaultsKeepsGivenValuesAndFillsTheRest() {
        QueueSettings settings = QueueSettings.withDefaults(60, null, 5, 3, "dlq", null, 10, 500L);

        assertThat(settings).isEqualTo(new QueueSettings(60, 1_209_600, 5, 3, "dlq", 0, 10, 500L));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "ack_deadline_seconds, 1",
        "ack_deadline_seconds, 43200",
        "message_retention_seconds, 60",
        "message_retention_seconds, 1209600",
        "delivery_delay_seconds, 0",
        "delivery_delay_seconds, 900",
        "max_deliveries, 1",
        "max_deliveries, 1000",
        "backoff_min_seconds, 0",
        "backoff_min_seconds, 43200",
        "backoff_max_seconds, 0",
        "backoff_max_seconds, 43200",
        "max_messages, 1",
        "max_messages, 9223372036854775807",
    })
    void acceptsEveryBoundAtItsEdge(String field, long value) {
        assertThatCode(() -> with(field, value)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "ack_deadline_seconds, 0, ack_deadline_seconds must be between 1 and 43200",
        "ack_deadline_seconds, 43201, ack_deadline_seconds must be between 1 and 43200",
        "message_retention_seconds, 59, message_retention_seconds must be between 60 and 1209600",
        "message_retention_seconds, 1209601, message_retention_seconds must be between 60 and 1209600",
        "delivery_delay_seconds, -1, delivery_delay_seconds must be between 0 and 900",
        "delivery_delay_seconds, 901, delivery_delay_seconds must be between 0 and 900",
        "max_deliveries, 0, max_deliveries must be between 1 and 1000",
        "max_deliveries, 1001, max_deliveries must be between 1 and 1000",
        "backoff_min_seconds, -1, backoff_min_seconds must be between 0 and 43200",
        "backoff_max_seconds, 43201, backoff_max_seconds must be between 0 and 43200",
        "max_messages, 0, max_messages must be at least 1",
        "max_messages, -5, max_messages must be at least 1",
    })
    void refusesEveryBoundJustOutsideNamingTheField(String field, long value, String error) {
        assertThatThrownBy(() -> with(field, value)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors()).containsExactly(error);
        });
    }

    @Test
    void refusesABackoffMinimumAboveItsMaximum() {
        assertThatThrownBy(() -> backoff(11, 10))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactly("backoff_min_seconds must not be greater than backoff_max_seconds"));
        assertThatCode(() -> backoff(10, 10)).doesNotThrowAnyException();
    }

    @Test
    void refusesAnInvalidDeadLetterQueueName() {
        assertThatThrownBy(() -> new QueueSettings(30, 1_209_600, 0, null, "bad name", 0, 0, null))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors()).containsExactly("dead_letter_queue_id " + Names.RULE));
    }

    @Test
    void reportsEveryViolationAtOnce() {
        assertThatThrownBy(() -> new QueueSettings(0, 1_209_600, 901, 0, null, 0, 0, null))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "ack_deadline_seconds must be between 1 and 43200",
                                        "delivery_delay_seconds must be between 0 and 900",
                                        "max_deliveries must be between 1 and 1000"));
    }

    @Test
    void reportsAllOfManyViolations() {
        assertThatThrownBy(() -> new QueueSettings(0, 0, -1, 0, "-x", 50_000, 40_000, 0L))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "ack_deadline_seconds must be between 1 and 43200",
                                        "message_retention_seconds must be between 60 and 1209600",
                                        "delivery_delay_seconds must be between 0 and 900",
                                        "backoff_min_seconds must be between 0 and 43200",
                                        "backoff_min_seconds must not be greater than backoff_max_seconds",
                                        "max_deliveries must be between 1 and 1000",
                                        "dead_letter_queue_id " + Names.RULE,
                                        "max_messages must be at least 1"));
    }

    @Test
    void backoffDoublesFromTheMinimumUpToTheMaximum() {
        QueueSettings settings = backoff(5, 60);

        assertThat(List.of(1, 2, 3, 4, 5, 6).stream()
                        .map(settings::backoffAfter)
                        .map(Duration::toSeconds))
                .containsExactly(5L, 10L, 20L, 40L, 60L, 60L);
    }

    @Test
    void noBackoffWhenBothBoundsAreZero() {
        QueueSettings settings = backoff(0, 0);

        assertThat(settings.backoffAfter(1)).isZero();
        assertThat(settings.backoffAfter(30)).isZero();
    }

    @Test
    void noBackoffWhenTheMinimumIsZero() {
        assertThat(backoff(0, 100).backoffAfter(5)).isZero();
    }

    @Test
    void backoffIsTheMinimumBeforeAnyDoubling() {
        assertThat(backoff(7, 7).backoffAfter(1)).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff(7, 43_200).backoffAfter(1)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void backoffFromOneSecondDoublesSixteenTimesBeforeReachingTheLargestMaximum() {
        QueueSettings settings = backoff(1, 43_200);

        assertThat(settings.backoffAfter(16)).isEqualTo(Duration.ofSeconds(32_768));
        assertThat(settings.backoffAfter(17)).isEqualTo(Duration.ofSeconds(43_200));
    }

    @Test
    void backoffOfManyDeliveriesSaturatesWithoutOverflow() {
        QueueSettings settings = backoff(1, 43_200);

        assertThat(settings.backoffAfter(17)).isEqualTo(Duration.ofSeconds(43_200));
        assertThat(settings.backoffAfter(64)).isEqualTo(Duration.ofSeconds(43_200));
        assertThat(settings.backoffAfter(65)).isEqualTo(Duration.ofSeconds(43_200));
        assertThat(settings.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(43_200));
        assertThat(settings.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(43_200));
        assertThat(backoff(43_200, 43_200).backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(43_200));
    }

    @Test
    void backoffMatchesABigIntegerOracleOnRandomCases() {
        Random random = new Random(7L);
        for (int i = 0; i < 5000; i++) {
            int min = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 1 + random.nextInt(10);
                default -> 1 + random.nextInt(43_200);
            };
            int max = min + random.nextInt(43_200 - min + 1);
            int delivery = switch (random.nextInt(4)) {
                case 0 -> 1 + random.nextInt(20);
                case 1 -> 1 + random.nextInt(100);
                case 2 -> 1 + random.nextInt(Integer.MAX_VALUE);
                default -> Integer.MAX_VALUE - random.nextInt(3);
            };

            assertThat(backoff(min, max).backoffAfter(delivery))
                    .as("min %d, max %d, delivery %d", min, max, delivery)
                    .isEqualTo(Duration.ofSeconds(oracle(min, max, delivery)));
        }
    }

    /** min(max, min·2^(n-1)) in exact arithmetic; small n only, or the power would be enormous. */
    private static long oracle(int min, int max, int delivery) {
        int exponent = Math.min(delivery - 1, 64);
        BigInteger product = BigInteger.valueOf(min).shiftLeft(exponent);
        return product.min(BigInteger.valueOf(max)).longValueExact();
    }

    @Test
    void theSettingsSqsNeedsHaveDefaultsAndBounds() {
        QueueSettings defaults = QueueSettings.defaults();
        assertThat(defaults.receiveWaitSeconds()).isZero();
        assertThat(defaults.maxMessageBytes()).isEqualTo(262_144);
        assertThat(defaults.redriveAllowPolicy()).isEqualTo(RedriveAllowPolicy.ALLOW_ALL);

        QueueSettings set = QueueSettings.withDefaults(
                null, null, null, null, null, null, null, null, 20, 1024, RedriveAllowPolicy.DENY_ALL);
        assertThat(set.receiveWaitSeconds()).isEqualTo(20);
        assertThat(set.maxMessageBytes()).isEqualTo(1024);
        assertThat(set.redriveAllowPolicy()).isEqualTo(RedriveAllowPolicy.DENY_ALL);

        assertThatThrownBy(() ->
                        QueueSettings.withDefaults(null, null, null, null, null, null, null, null, 21, 1023, null))
                .hasMessageContaining("receive_wait_seconds must be between 0 and 20")
                .hasMessageContaining("max_message_bytes must be between 1024 and 262144");
        assertThatThrownBy(() ->
                        QueueSettings.withDefaults(null, null, null, null, null, null, null, null, -1, 262_145, null))
                .hasMessageContaining("receive_wait_seconds")
                .hasMessageContaining("max_message_bytes");
    }

    @Test
    void aQueueRefusesABodyLargerThanItsMaxMessageBytesNamingItself() {
        QueueSettings small =
                QueueSettings.withDefaults(null, null, null, null, null, null, null, null, null, 1024, null);
        NewMessage fits = new NewMessage("\"" + "x".repeat(1022) + "\"", Map.of(), null, null);
        NewMessage tooLarge = new NewMessage("\"" + "x".repeat(1023) + "\"", Map.of(), null, null);
        // 342 three-byte characters are 1026 bytes, though only 344 UTF-16 units with the quotes
        NewMessage wide = new NewMessage("\"" + "\u20ac".repeat(342) + "\"", Map.of(), null, null);

        assertThat(small.sizeRefusal("small", fits)).isEmpty();
        assertThat(small.sizeRefusal("small", tooLarge).orElseThrow().getMessage())
                .contains("1025 bytes", "'small'", "max_message_bytes is 1024");
        assertThat(small.sizeRefusal("small", wide)).isPresent();
        assertThat(QueueSettings.defaults().sizeRefusal("any", tooLarge)).isEmpty();
    }
}
