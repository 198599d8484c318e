package dev.conveyor.postgres.contract;

import dev.conveyor.application.contract.Ports;
import dev.conveyor.application.contract.TopicRepositoryContract;
import dev.conveyor.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The TopicRepository contract, held by the PostgreSQL adapter on a real database. */
class JdbiTopicRepositoryContractTest extends TopicRepositoryContract {
    private static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Override
    protected Ports emptyStore() {
        return JdbiPorts.over(DB);
    }
}
