package dev.conveyor.postgres.contract;

import dev.conveyor.application.contract.MessageStoreContract;
import dev.conveyor.application.contract.Ports;
import dev.conveyor.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The MessageStore contract, held by the PostgreSQL adapter on a real database. */
class JdbiMessageStoreContractTest extends MessageStoreContract {
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
