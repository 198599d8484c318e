package dev.conveyor.postgres.contract;

import dev.conveyor.application.contract.DeduplicationStoreContract;
import dev.conveyor.application.contract.Ports;
import dev.conveyor.application.port.DeduplicationStore;
import dev.conveyor.postgres.JdbiDeduplicationStore;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

/** The DeduplicationStore contract, held by the PostgreSQL adapter on a real database. */
class JdbiDeduplicationStoreContractTest extends DeduplicationStoreContract {
    private static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Override
    protected Ports emptyStore() {
        return JdbiPorts.over(DB);
    }

    @Override
    protected DeduplicationStore deduplications() {
        return new JdbiDeduplicationStore((JdbiSession) ports.unitOfWork());
    }
}
