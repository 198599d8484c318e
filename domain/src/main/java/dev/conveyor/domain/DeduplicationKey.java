package dev.conveyor.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deduplication id is unique within, and the id: a publish to the same key within its window is a
 * duplicate of the first.
 *
 * @param target whether a queue or a topic was published to
 * @param targetId the queue or topic published to
 * @param groupId the message's group when the queue deduplicates per message group; {@code ""} otherwise
 * @param deduplicationId the publisher's id, or the SHA-256 of the body on a content-deduplicating FIFO queue
 */
public record DeduplicationKey(Target target, String targetId, String groupId, String deduplicationId)
        implements Comparable<DeduplicationKey> {

    /** A topic has no settings: its ids are remembered for SQS's fixed five minutes. */
    public static final Duration TOPIC_WINDOW = Duration.ofSeconds(QueueSettings.DEFAULT_DEDUPLICATION_WINDOW_SECONDS);

    private static final Comparator<DeduplicationKey> ORDER = Comparator.comparing(DeduplicationKey::target)
            .thenComparing(DeduplicationKey::targetId)
            .thenComparing(DeduplicationKey::groupId)
            .thenComparing(DeduplicationKey::deduplicationId);

    /** Where a publish went. */
    public enum Target {
        QUEUE("queue"),
        TOPIC("topic");

        private final String code;

        Target(String code) {
            this.code = code;
        }

        /** The name the store uses. */
        public String code() {
            return code;
        }

        public static Target ofCode(String code) {
            for (Target target : values()) {
                if (target.code.equals(code)) {
                    return target;
                }
            }
            throw new IllegalArgumentException("no deduplication target " + code);
        }
    }

    public DeduplicationKey {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(deduplicationId, "deduplicationId");
    }

    /**
     * The key of {@code message} published directly to {@code queue}: its deduplication id, or on a FIFO queue
     * with content-based deduplication the SHA-256 of its body (as SQS); within the message's group when the
     * queue deduplicates per group. Empty when the message is not deduplicated.
     */
    public static Optional<DeduplicationKey> ofQueuePublish(Queue queue, NewMessage message) {
        QueueSettings settings = queue.settings();
        String id = message.deduplicationId();
        if (id == null && settings.fifo() && settings.contentBasedDeduplication()) {
            id = sha256(message.body());
        }
        if (id == null) {
            return Optional.empty();
        }
        String group = settings.deduplicationScope() == DeduplicationScope.MESSAGE_GROUP && message.groupId() != null
                ? message.groupId()
                : "";
        return Optional.of(new DeduplicationKey(Target.QUEUE, queue.id(), group, id));
    }

    /** The key of {@code message} published to topic {@code topicId}; empty when it carries no deduplication id. */
    public static Optional<DeduplicationKey> ofTopicPublish(String topicId, NewMessage message) {
        return Optional.ofNullable(message.deduplicationId())
                .map(id -> new DeduplicationKey(Target.TOPIC, topicId, "", id));
    }

    /** The lowercase hex SHA-256 of the body's UTF-8 text: SQS's content-based deduplication id. */
    public static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Keys in one fixed order: transactions that take several lock them in it, so they cannot deadlock. */
    @Override
    public int compareTo(DeduplicationKey other) {
        return ORDER.compare(this, other);
    }
}
