package dev.conveyor.postgres.contract;

import dev.conveyor.application.contract.MoveTaskStoreContract;
import dev.conveyor.application.port.MoveTaskStore;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.postgres.JdbiMoveTaskStore;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The MoveTaskStore contract, held by the PostgreSQL adapter on a real database. */
class JdbiMoveTaskStoreContractTest extends MoveTaskStoreContract {
    private static final TestDatabase DB = TestDatabase.create();
    private JdbiSession session;

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Override
    protected MoveTaskStore emptyStore() {
        DB.jdbi().useHandle(h -> h.execute("TRUNCATE message_move_tasks"));
        session = new JdbiSession(DB.jdbi());
        return new JdbiMoveTaskStore(session);
    }

    @Override
    protected UnitOfWork unitOfWork() {
        return session;
    }
}
