package dev.conveyor.postgres.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.contract.StatsSamplesContract;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.JdbiStatsSamples;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The StatsSamples contract on a real database, and the one thing only it can show: one claim at a time. */
class JdbiStatsSamplesContractTest extends StatsSamplesContract {
    private static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Override
    protected void emptyStore() {
        DB.jdbi().useHandle(h -> h.execute("TRUNCATE stats_samples, queue_stats_samples"));
        JdbiSession session = new JdbiSession(DB.jdbi());
        samples = new JdbiStatsSamples(session);
        unitOfWork = session;
    }

    @Test
    void whileOneInstanceHoldsItsClaimAnotherCannotClaimAndNeitherWaits() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            // Another instance: its own session (connection), inside a transaction that stays open.
            JdbiSession other = new JdbiSession(DB.jdbi());
            Future<Boolean> first = pool.submit(() -> other.inTransaction(() -> {
                boolean won = new JdbiStatsSamples(other).claim(T0, Duration.ofSeconds(12));
                claimed.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return won;
            }));
            assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(unitOfWork.inTransaction(() -> samples.claim(T0, Duration.ofSeconds(12))))
                    .isFalse();

            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
            // Its transaction ended without a sample: the next claim wins.
            assertThat(unitOfWork.inTransaction(() -> samples.claim(T0, Duration.ofSeconds(12))))
                    .isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
