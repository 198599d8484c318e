package dev.conveyor.postgres.contract;

import dev.conveyor.application.contract.ActivityLogContract;
import dev.conveyor.postgres.JdbiActivityLog;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

class JdbiActivityLogContractTest extends ActivityLogContract {
    private static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Override
    protected void emptyStore() {
        DB.jdbi().useHandle(h -> h.execute("TRUNCATE queue_activity"));
        log = new JdbiActivityLog(new JdbiSession(DB.jdbi()));
    }
}
