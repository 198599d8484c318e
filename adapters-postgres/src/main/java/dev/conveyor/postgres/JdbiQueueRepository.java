package dev.conveyor.postgres;

import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.DeduplicationScope;
import dev.conveyor.domain.FifoThroughputLimit;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueTags;
import dev.conveyor.domain.RedriveAllowPolicy;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/** Queues and their settings in the {@code queues} table. */
public final class JdbiQueueRepository implements QueueRepository {
    private static final String COLUMNS = """
      id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds, max_deliveries,
      dead_letter_queue_id, backoff_min_seconds, backoff_max_seconds, max_messages, receive_wait_seconds,
      max_message_bytes, allowed_dead_letter_sources, fifo, content_based_deduplication,
      deduplication_window_seconds, deduplication_scope, fifo_throughput_limit, created_at, updated_at
      """;

    private static final RowMapper<Queue> QUEUE = (rs, ctx) -> new Queue(
            rs.getString("id"),
            new QueueSettings(
                    rs.getInt("ack_deadline_seconds"),
                    rs.getInt("message_retention_seconds"),
                    rs.getInt("delivery_delay_seconds"),
                    rs.getObject("max_deliveries", Integer.class),
                    rs.getString("dead_letter_queue_id"),
                    rs.getInt("backoff_min_seconds"),
                    rs.getInt("backoff_max_seconds"),
                    rs.getObject("max_messages", Long.class),
                    rs.getInt("receive_wait_seconds"),
                    rs.getInt("max_message_bytes"),
                    RedriveAllowPolicy.ofAllowedSources(allowedSources(rs.getArray("allowed_dead_letter_sources"))),
                    rs.getBoolean("fifo"),
                    rs.getBoolean("content_based_deduplication"),
                    rs.getInt("deduplication_window_seconds"),
                    DeduplicationScope.ofCode(rs.getString("deduplication_scope"))
                            .orElseThrow(),
                    FifoThroughputLimit.ofCode(rs.getString("fifo_throughput_limit"))
                            .orElseThrow()),
            Timestamps.read(rs, "created_at"),
            Timestamps.read(rs, "updated_at"));

    private final JdbiSession session;

    public JdbiQueueRepository(JdbiSession session) {
        this.session = session;
    }

    @Override
    public void create(Queue queue) {
        int inserted = session.withHandle(
                h -> bindSettings(h.createUpdate("""
            INSERT INTO queues (%s) VALUES (
                :id, :ackDeadlineSeconds, :messageRetentionSeconds, :deliveryDelaySeconds, :maxDeliveries,
                :deadLetterQueueId, :backoffMinSeconds, :backoffMaxSeconds, :maxMessages, :receiveWaitSeconds,
                :maxMessageBytes, CAST(:allowedDeadLetterSources AS text[]), :fifo, :contentBasedDeduplication,
                :deduplicationWindowSeconds, :deduplicationScope, :fifoThroughputLimit, :createdAt, :updatedAt)
            ON CONFLICT (id) DO NOTHING
            """.formatted(COLUMNS)), queue).execute());
        if (inserted == 0) {
            throw ConveyorException.conflict("queue_exists", "queue '" + queue.id() + "' already exists");
        }
    }

    @Override
    public boolean update(Queue queue) {
        return session.withHandle(h -> bindSettings(h.createUpdate("""
            UPDATE queues SET
                ack_deadline_seconds = :ackDeadlineSeconds,
                message_retention_seconds = :messageRetentionSeconds,
                delivery_delay_seconds = :deliveryDelaySeconds,
                max_deliveries = :maxDeliveries,
                dead_letter_queue_id = :deadLetterQueueId,
                backoff_min_seconds = :backoffMinSeconds,
                backoff_max_seconds = :backoffMaxSeconds,
                max_messages = :maxMessages,
                receive_wait_seconds = :receiveWaitSeconds,
                max_message_bytes = :maxMessageBytes,
                allowed_dead_letter_sources = CAST(:allowedDeadLetterSources AS text[]),
                content_based_deduplication = :contentBasedDeduplication,
                deduplication_window_seconds = :deduplicationWindowSeconds,
                deduplication_scope = :deduplicationScope,
                fifo_throughput_limit = :fifoThroughputLimit,
                updated_at = :updatedAt
            WHERE id = :id
            """), queue).execute()) > 0;
    }

    @Override
    public Optional<Queue> find(String id) {
        return session.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM queues WHERE id = :id")
                .bind("id", id)
                .map(QUEUE)
                .findOne());
    }

    @Override
    public Optional<Queue> findForUpdate(String id) {
        // FOR NO KEY UPDATE, the lock the UPDATE itself takes: concurrent changes wait, while publishers' foreign-key
        // checks (FOR KEY SHARE) and receives go on. The primary key finds the row.
        return session.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM queues WHERE id = :id FOR NO KEY UPDATE")
                        .bind("id", id)
                        .map(QUEUE)
                        .findOne());
    }

    @Override
    public List<Queue> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return session.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM queues WHERE id = ANY(:ids)")
                .bindArray("ids", String.class, ids)
                .map(QUEUE)
                .list());
    }

    @Override
    public List<Queue> list(Page page) {
        return session.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM queues ORDER BY id LIMIT :limit OFFSET :offset")
                        .bind("limit", page.limit())
                        .bind("offset", page.offset())
                        .map(QUEUE)
                        .list());
    }

    @Override
    public List<String> namingAsDeadLetterQueue(String id) {
        // The partial index queues_dead_letter_queue_id finds them.
        return session.withHandle(
                h -> h.createQuery("SELECT id FROM queues WHERE dead_letter_queue_id = :id ORDER BY id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .list());
    }

    @Override
    public Optional<QueueTags> tags(String id) {
        return session.withHandle(h -> h.createQuery("SELECT tags::text FROM queues WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .map(json -> new QueueTags(JsonColumns.tags(json))));
    }

    @Override
    public boolean replaceTags(String id, QueueTags tags) {
        return session.withHandle(h -> h.createUpdate("UPDATE queues SET tags = CAST(:tags AS jsonb) WHERE id = :id")
                        .bind("id", id)
                        .bind("tags", JsonColumns.write(tags.tags()))
                        .execute())
                > 0;
    }

    @Override
    public boolean recordPurge(String id, Instant at, Instant lastAllowedBefore) {
        // One conditional UPDATE: its row lock makes a concurrent purge of the same queue wait, then re-check the
        // condition against the time this one wrote, and find nothing to update.
        return session.withHandle(h -> h.createUpdate("""
                UPDATE queues SET purged_at = :at
                WHERE id = :id AND (purged_at IS NULL OR purged_at <= :lastAllowedBefore)
                """)
                        .bind("id", id)
                        .bind("at", Timestamps.bind(at))
                        .bind("lastAllowedBefore", Timestamps.bind(lastAllowedBefore))
                        .execute())
                > 0;
    }

    @Override
    public void lockDeadLetterLinks() {
        // A transaction-scoped advisory lock: released by commit or rollback, never leaked.
        session.withHandle(h -> h.createQuery("SELECT pg_advisory_xact_lock(:key)")
                .bind("key", AdvisoryLocks.DEAD_LETTER_LINKS)
                .mapTo(String.class)
                .one());
    }

    @Override
    public boolean delete(String id) {
        // Messages and subscriptions go with the queue through ON DELETE CASCADE; its deduplication records (a
        // table without foreign keys, as it serves queues and topics) by DeduplicationRecords too.
        return DeduplicationRecords.deleteWith(session, "queues", "queue", id);
    }

    private static List<String> allowedSources(Array array) throws SQLException {
        return array == null ? null : List.of((String[]) array.getArray());
    }

    private static <S extends SqlStatement<S>> S bindSettings(S statement, Queue queue) {
        QueueSettings s = queue.settings();
        List<String> allowedSources = s.redriveAllowPolicy().allowedSources();
        if (allowedSources == null) {
            statement.bindNull("allowedDeadLetterSources", Types.ARRAY);
        } else {
            statement.bindArray("allowedDeadLetterSources", String.class, allowedSources);
        }
        return statement
                .bind("id", queue.id())
                .bind("ackDeadlineSeconds", s.ackDeadlineSeconds())
                .bind("messageRetentionSeconds", s.messageRetentionSeconds())
                .bind("deliveryDelaySeconds", s.deliveryDelaySeconds())
                .bind("maxDeliveries", s.maxDeliveries())
                .bind("deadLetterQueueId", s.deadLetterQueueId())
                .bind("backoffMinSeconds", s.backoffMinSeconds())
                .bind("backoffMaxSeconds", s.backoffMaxSeconds())
                .bind("maxMessages", s.maxMessages())
                .bind("receiveWaitSeconds", s.receiveWaitSeconds())
                .bind("maxMessageBytes", s.maxMessageBytes())
                .bind("fifo", s.fifo())
                .bind("contentBasedDeduplication", s.contentBasedDeduplication())
                .bind("deduplicationWindowSeconds", s.deduplicationWindowSeconds())
                .bind("deduplicationScope", s.deduplicationScope().code())
                .bind("fifoThroughputLimit", s.fifoThroughputLimit().code())
                .bind("createdAt", Timestamps.bind(queue.createdAt()))
                .bind("updatedAt", Timestamps.bind(queue.updatedAt()));
    }
}
