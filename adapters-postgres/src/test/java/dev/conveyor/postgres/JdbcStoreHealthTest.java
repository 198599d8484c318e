package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcStoreHealthTest {
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void theTestDatabaseIsReachable() {
        assertThat(new JdbcStoreHealth(db::connect).reachable()).isTrue();
    }

    @Test
    void aConnectionFactoryThatThrowsIsUnreachable() {
        JdbcStoreHealth health = new JdbcStoreHealth(() -> {
            throw new SQLException("connection refused", "08001");
        });

        assertThat(health.reachable()).isFalse();
    }

    @Test
    void aServerThatDoesNotListenIsUnreachable() throws Exception {
        String url = DatabaseClockTest.unreachableUrl();

        assertThat(new JdbcStoreHealth(() -> DriverManager.getConnection(url, "nobody", "nothing")).reachable())
                .isFalse();
    }

    @Test
    void aConnectionThatCannotRunTheQueryIsUnreachable() {
        JdbcStoreHealth health = new JdbcStoreHealth(() -> {
            Connection closed = db.connect();
            closed.close();
            return closed;
        });

        assertThat(health.reachable()).isFalse();
    }
}
