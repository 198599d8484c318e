package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool of 4 connections: 200 long polls waiting at once hold none of them, so publishes go on meanwhile; and
 * when every connection is taken (requests stuck behind a locked table), the requests that cannot get one
 * are answered 503 with Retry-After after {@code database.maxWaitForConnection}, not left hanging; so are
 * receives that no group of receives took up within a second.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PoolExhaustionApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(
            DB,
            CLOCK,
            ConfigOverride.config("database.minSize", "1"),
            ConfigOverride.config("database.initialSize", "1"),
            ConfigOverride.config("database.maxSize", "4"),
            ConfigOverride.config("database.maxWaitForConnection", "1s"),
            // Requests behind the lock keep their connections for the whole test.
            ConfigOverride.config("database.properties.options", "-c lock_timeout=20s"));
    static final Api API = new Api(APP);
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void twoHundredLongPollsHoldNoConnectionWhilePublishesGoOn() throws Exception {
        API.createQueue("polled");
        API.createQueue("published");
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            polls.add(post("/v1/queues/polled/receive", "{\"max_messages\": 1, \"wait_seconds\": 3}"));
        }
        Thread.sleep(500); // all of them waiting by now, or about to

        for (int i = 0; i < 40; i++) {
            API.publish("published", "{\"body\": " + i + "}");
        }

        assertThat(API.total("published")).isEqualTo(40);
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> answer = poll.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
    }

    @Test
    void requestsThatCannotGetAConnectionAre503WithRetryAfter() throws Exception {
        API.createQueue("crowded");
        try (Connection locker = DB.connect();
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");

            // Stats read the table, each on a connection of its own (receives share theirs: see below).
            List<CompletableFuture<HttpResponse<String>>> receives = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                receives.add(get("/v1/queues/crowded/stats"));
            }
            // Past maxWaitForConnection (1 s): at most 4 of them hold a connection, stuck behind the lock; the rest
            // must have been answered by now.
            Thread.sleep(3_000);
            List<HttpResponse<String>> refused = receives.stream()
                    .filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join)
                    .toList();

            assertThat(refused).hasSizeGreaterThanOrEqualTo(8).allSatisfy(answer -> {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(Api.parse(answer.body()).get("code").asInt()).isEqualTo(503);
            });
            locker.rollback();
            for (CompletableFuture<HttpResponse<String>> receive : receives) {
                assertThat(receive.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
            }
        }

        assertThat(API.total("crowded")).isZero();
    }

    @Test
    void receivesStuckBehindAStalledDatabaseAre503WithRetryAfterTooExceptThoseUnderway() throws Exception {
        API.createQueue("stalled");
        try (Connection locker = DB.connect();
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
            // Concurrent receives share lease statements, in at most 4 groups at a time, each on a connection:
            // those in the groups underway wait for the lock; the rest are refused once no group took them up
            // within a second, rather than held.
            List<CompletableFuture<HttpResponse<String>>> receives = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                receives.add(post("/v1/queues/stalled/receive", "{\"max_messages\": 1}"));
                Thread.sleep(10); // so that they do not all land in the first groups
            }
            Thread.sleep(2_500);
            List<HttpResponse<String>> refused = receives.stream()
                    .filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join)
                    .toList();

            assertThat(refused).isNotEmpty().allSatisfy(answer -> {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            });
            locker.rollback();
            for (CompletableFuture<HttpResponse<String>> receive : receives) {
                assertThat(receive.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
            }
        }

        API.publish("stalled", "{\"body\": \"after\"}");
        assertThat(API.receive("stalled", 1)).hasSize(1);
    }

    private static CompletableFuture<HttpResponse<String>> get(String path) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> post(String path, String json) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
