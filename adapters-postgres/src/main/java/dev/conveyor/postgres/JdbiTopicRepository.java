package dev.conveyor.postgres;

import dev.conveyor.application.port.TopicRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Topic;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Topics in the {@code topics} table. */
public final class JdbiTopicRepository implements TopicRepository {
    private static final RowMapper<Topic> TOPIC =
            (rs, ctx) -> new Topic(rs.getString("id"), Timestamps.read(rs, "created_at"));

    private final JdbiSession session;

    public JdbiTopicRepository(JdbiSession session) {
        this.session = session;
    }

    @Override
    public void create(Topic topic) {
        // ON CONFLICT DO NOTHING instead of catching 23505: a failed statement would abort the caller's transaction.
        int inserted = session.withHandle(h -> h.createUpdate("""
            INSERT INTO topics (id, created_at) VALUES (:id, :createdAt)
            ON CONFLICT (id) DO NOTHING
            """)
                .bind("id", topic.id())
                .bind("createdAt", Timestamps.bind(topic.createdAt()))
                .execute());
        if (inserted == 0) {
            throw ConveyorException.conflict("topic_exists", "topic '" + topic.id() + "' already exists");
        }
    }

    @Override
    public Optional<Topic> find(String id) {
        return session.withHandle(h -> h.createQuery("SELECT id, created_at FROM topics WHERE id = :id")
                .bind("id", id)
                .map(TOPIC)
                .findOne());
    }

    @Override
    public List<Topic> list(Page page) {
        return session.withHandle(h -> h.createQuery("""
            SELECT id, created_at FROM topics
            ORDER BY id
            LIMIT :limit OFFSET :offset
            """)
                .bind("limit", page.limit())
                .bind("offset", page.offset())
                .map(TOPIC)
                .list());
    }

    @Override
    public boolean delete(String id) {
        // Subscriptions go with the topic through ON DELETE CASCADE; the queues stay. Its deduplication records
        // go by DeduplicationRecords too.
        return DeduplicationRecords.deleteWith(session, "topics", "topic", id);
    }
}
