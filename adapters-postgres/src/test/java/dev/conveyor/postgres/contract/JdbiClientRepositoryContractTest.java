package dev.conveyor.postgres.contract;

import dev.conveyor.application.contract.ClientRepositoryContract;
import dev.conveyor.postgres.JdbiClientRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The ClientRepository contract, held by the PostgreSQL adapter on a real database. */
class JdbiClientRepositoryContractTest extends ClientRepositoryContract {
    private static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Override
    protected void emptyStore() {
        DB.jdbi().useHandle(h -> h.execute("TRUNCATE clients"));
        clients = new JdbiClientRepository(new JdbiSession(DB.jdbi()));
    }
}
