package dev.conveyor.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conveyor.bootstrap.ConveyorConfiguration;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Firefox runs the console. Debian ships no driver for it, so it cannot be clicked through as Chromium is; instead
 * headless Firefox loads the console and takes a screenshot, and the server sees the API call the console makes
 * once all its modules have loaded and run (the first thing it does is ask whether authentication is on). A
 * module Firefox could not parse or link would stop the console before that call.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleFirefoxTest {
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConsoleApp.withoutAuth(DB);
    static final ConsoleApi API = new ConsoleApi(APP::getLocalPort);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LIST_QUEUES = Pattern.compile(
            "^conveyor_http_requests_total\\{method=\"GET\",route=\"/v1/queues\",status=\"2xx\"} (\\S+)$",
            Pattern.MULTILINE);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void firefoxLoadsTheConsolesModulesAndTheyCallTheApi() throws Exception {
        if (!Files.isExecutable(FIREFOX)) {
            String why =
                    FIREFOX + " is missing: the console's Firefox test is skipped (apt-get install firefox-esr runs "
                            + "it; .ci/run does it)";
            System.err.println(why);
            assumeTrue(false, why);
        }
        API.createQueue("in-firefox", "");
        double before = listQueueCalls();
        Path work = Files.createTempDirectory("conveyor-firefox");
        try {
            Path profile = Files.createDirectories(work.resolve("profile"));
            Path screenshot = work.resolve("console.png");
            Process firefox = new ProcessBuilder(
                            FIREFOX.toString(),
                            "--headless",
                            "--no-remote",
                            "--profile",
                            profile.toString(),
                            "--window-size=1280,800",
                            "--screenshot",
                            screenshot.toString(),
                            API.base() + "/console/#/queues/in-firefox")
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("firefox.log").toFile())
                    .start();
            assertThat(firefox.waitFor(120, TimeUnit.SECONDS))
                    .as("firefox exits")
                    .isTrue();

            assertThat(firefox.exitValue())
                    .as(Files.readString(work.resolve("firefox.log")))
                    .isZero();
            assertThat(screenshot).isRegularFile();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (listQueueCalls() <= before && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(listQueueCalls())
                    .as("the console's first API call, made from Firefox")
                    .isGreaterThan(before);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** How many GET /v1/queues the server has answered, from its own metrics. */
    private static double listQueueCalls() throws IOException, InterruptedException {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(API.base() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = LIST_QUEUES.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
