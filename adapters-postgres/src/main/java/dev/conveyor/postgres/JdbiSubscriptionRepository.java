package dev.conveyor.postgres;

import dev.conveyor.application.port.SubscriptionRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Subscription;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Subscriptions, with their filters as jsonb, in the {@code subscriptions} table. */
public final class JdbiSubscriptionRepository implements SubscriptionRepository {
    private static final String COLUMNS =
            "id, topic_id, queue_id, message_filters::text AS message_filters, created_at";

    private static final RowMapper<Subscription> SUBSCRIPTION = (rs, ctx) -> new Subscription(
            rs.getString("id"),
            rs.getString("topic_id"),
            rs.getString("queue_id"),
            new MessageFilter(JsonColumns.filters(rs.getString("message_filters"))),
            Timestamps.read(rs, "created_at"));

    private final JdbiSession session;

    public JdbiSubscriptionRepository(JdbiSession session) {
        this.session = session;
    }

    @Override
    public void create(Subscription subscription) {
        // ON CONFLICT DO NOTHING covers both unique keys (id, and the topic and queue pair) without aborting
        // the transaction; which one was hit is looked up afterwards for the message.
        int inserted = session.withHandle(h -> h.createUpdate("""
            INSERT INTO subscriptions (id, topic_id, queue_id, message_filters, created_at)
            VALUES (:id, :topicId, :queueId, CAST(:filters AS jsonb), :createdAt)
            ON CONFLICT DO NOTHING
            """)
                .bind("id", subscription.id())
                .bind("topicId", subscription.topicId())
                .bind("queueId", subscription.queueId())
                .bind("filters", JsonColumns.write(subscription.filter().criteria()))
                .bind("createdAt", Timestamps.bind(subscription.createdAt()))
                .execute());
        if (inserted == 0) {
            if (find(subscription.id()).isPresent()) {
                throw ConveyorException.conflict(
                        "subscription_exists", "subscription '" + subscription.id() + "' already exists");
            }
            throw ConveyorException.conflict(
                    "subscription_exists",
                    "topic '" + subscription.topicId() + "' and queue '" + subscription.queueId()
                            + "' are already linked by another subscription");
        }
    }

    @Override
    public Optional<Subscription> find(String id) {
        return session.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM subscriptions WHERE id = :id")
                .bind("id", id)
                .map(SUBSCRIPTION)
                .findOne());
    }

    @Override
    public List<Subscription> list(String topicId, String queueId, Page page) {
        return session.withHandle(h -> h.createQuery("""
            SELECT %s FROM subscriptions
            WHERE (CAST(:topicId AS text) IS NULL OR topic_id = :topicId)
              AND (CAST(:queueId AS text) IS NULL OR queue_id = :queueId)
            ORDER BY id
            LIMIT :limit OFFSET :offset
            """.formatted(COLUMNS))
                .bind("topicId", topicId)
                .bind("queueId", queueId)
                .bind("limit", page.limit())
                .bind("offset", page.offset())
                .map(SUBSCRIPTION)
                .list());
    }

    @Override
    public List<Subscription> ofTopic(String topicId) {
        // Served by the unique index on (topic_id, queue_id).
        return session.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM subscriptions WHERE topic_id = :topicId")
                        .bind("topicId", topicId)
                        .map(SUBSCRIPTION)
                        .list());
    }

    @Override
    public boolean delete(String id) {
        return session.withHandle(h -> h.createUpdate("DELETE FROM subscriptions WHERE id = :id")
                        .bind("id", id)
                        .execute())
                > 0;
    }
}
