package dev.conveyor.postgres.contract;

import dev.conveyor.application.contract.Ports;
import dev.conveyor.postgres.JdbiMessageStore;
import dev.conveyor.postgres.JdbiQueueRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.JdbiSubscriptionRepository;
import dev.conveyor.postgres.JdbiTopicRepository;
import dev.conveyor.postgres.testing.TestDatabase;

/** The real adapters over one test database, emptied for each contract test. */
final class JdbiPorts {
    private JdbiPorts() {}

    static Ports over(TestDatabase db) {
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
        JdbiSession session = new JdbiSession(db.jdbi());
        return new Ports(
                new JdbiTopicRepository(session),
                new JdbiQueueRepository(session),
                new JdbiSubscriptionRepository(session),
                new JdbiMessageStore(session),
                session);
    }
}
