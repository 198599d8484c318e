package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueueSettingsPatchTest {
    private static final QueueSettings EVERY_FIELD_SET = new QueueSettings(45, 3600, 10, 5, "dlq", 2, 120, 1000L);

    private static QueueSettingsPatch keepAll() {
        return new QueueSettingsPatch(
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep());
    }

    private static QueueSettingsPatch resetAll() {
        return new QueueSettingsPatch(
                Change.reset(),
                Change.reset(),
                Change.reset(),
                Change.reset(),
                Change.reset(),
                Change.reset(),
                Change.reset(),
                Change.reset());
    }

    @Test
    void keepingEverythingIsEmptyAndChangesNothing() {
        assertThat(keepAll().isEmpty()).isTrue();
        assertThat(keepAll().applyTo(EVERY_FIELD_SET)).isEqualTo(EVERY_FIELD_SET);
    }

    @Test
    void resettingEverythingGivesTheDefaultsAndUnsetsTheOptionalSettings() {
        assertThat(resetAll().isEmpty()).isFalse();
        assertThat(resetAll().applyTo(EVERY_FIELD_SET)).isEqualTo(QueueSettings.defaults());
    }

    @Test
    void settingOneFieldChangesOnlyThatField() {
        QueueSettingsPatch patch = new QueueSettingsPatch(
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.to("other"),
                Change.keep(),
                Change.keep(),
                Change.keep());

        assertThat(patch.applyTo(EVERY_FIELD_SET))
                .isEqualTo(new QueueSettings(45, 3600, 10, 5, "other", 2, 120, 1000L));
    }

    @Test
    void theMergedSettingsAreCheckedWholeListingEveryBrokenBound() {
        QueueSettingsPatch patch = new QueueSettingsPatch(
                Change.to(0),
                Change.keep(),
                Change.to(901),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.to(1),
                Change.keep());

        assertThatThrownBy(() -> patch.applyTo(EVERY_FIELD_SET))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "ack_deadline_seconds must be between 1 and 43200",
                                        "delivery_delay_seconds must be between 0 and 900",
                                        "backoff_min_seconds must not be greater than backoff_max_seconds"));
    }

    @Test
    void aChangeTellsKeepResetAndSetApart() {
        assertThat(Change.<Integer>keep().apply(1, 2)).isEqualTo(1);
        assertThat(Change.<Integer>reset().apply(1, 2)).isEqualTo(2);
        assertThat(Change.to(3).apply(1, 2)).isEqualTo(3);
        assertThat(Change.unlessNull(null)).isEqualTo(Change.keep());
        assertThat(Change.unlessNull(4)).isEqualTo(Change.to(4));
        assertThatThrownBy(() -> Change.to(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void changesTheSettingsSqsNeedsAndResetsThemToTheirDefaults() {
        QueueSettings set = new QueueSettings(
                45,
                3600,
                10,
                5,
                "dlq",
                2,
                120,
                1000L,
                20,
                2048,
                RedriveAllowPolicy.ofAllowedSources(java.util.List.of("a")));
        QueueSettingsPatch change = new QueueSettingsPatch(
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.to(5),
                Change.reset(),
                Change.to(RedriveAllowPolicy.DENY_ALL));

        QueueSettings changed = change.applyTo(set);

        assertThat(change.isEmpty()).isFalse();
        assertThat(changed.receiveWaitSeconds()).isEqualTo(5);
        assertThat(changed.maxMessageBytes()).isEqualTo(QueueSettings.MAX_MESSAGE_BYTES);
        assertThat(changed.redriveAllowPolicy()).isEqualTo(RedriveAllowPolicy.DENY_ALL);
        assertThat(changed.ackDeadlineSeconds()).isEqualTo(45);
        assertThat(keepAll().applyTo(set)).isEqualTo(set);
    }
}
