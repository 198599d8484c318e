package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseClockTest {
    private static final Duration SKEW = Duration.ofHours(1);
    private static final InstantSource AN_HOUR_BEHIND = () -> Instant.now().minus(SKEW);

    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    /** A JDBC url on which nothing listens. */
    static String unreachableUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/conveyor?connectTimeout=2&socketTimeout=2";
    }

    private static Duration distanceFromRealTime(InstantSource clock) {
        return Duration.between(Instant.now(), clock.instant()).abs();
    }

    @Test
    void followsTheDatabaseClockWhenTheLocalOneIsAnHourBehind() {
        DatabaseClock clock = new DatabaseClock(db.jdbi(), AN_HOUR_BEHIND);
        assertThat(distanceFromRealTime(clock)).isGreaterThan(Duration.ofMinutes(59));

        clock.synchronize();

        assertThat(distanceFromRealTime(clock)).isLessThan(Duration.ofSeconds(1));
        assertThat(clock.offset().minus(SKEW).abs()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void keepsTheOffsetAtZeroAndDoesNotThrowWhenTheDatabaseWasNeverReachable() throws Exception {
        DatabaseClock clock = new DatabaseClock(Jdbi.create(unreachableUrl(), "nobody", "nothing"), AN_HOUR_BEHIND);

        clock.synchronize();

        assertThat(clock.offset()).isEqualTo(Duration.ZERO);
    }

    @Test
    void keepsThePreviousOffsetWhenTheDatabaseBecomesUnreachable() throws Exception {
        String unreachable = unreachableUrl();
        AtomicBoolean reachable = new AtomicBoolean(true);
        Jdbi jdbi = Jdbi.create(() ->
                reachable.get() ? db.connect() : DriverManager.getConnection(unreachable, db.user(), db.password()));
        DatabaseClock clock = new DatabaseClock(jdbi, AN_HOUR_BEHIND);
        clock.synchronize();
        Duration measured = clock.offset();
        assertThat(measured.minus(SKEW).abs()).isLessThan(Duration.ofSeconds(1));

        reachable.set(false);
        clock.synchronize();

        assertThat(clock.offset()).isEqualTo(measured);
        assertThat(distanceFromRealTime(clock)).isLessThan(Duration.ofSeconds(1));
    }
}
