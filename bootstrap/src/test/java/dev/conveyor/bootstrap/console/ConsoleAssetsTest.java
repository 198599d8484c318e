package dev.conveyor.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.bootstrap.ConveyorConfiguration;
import dev.conveyor.bootstrap.console.ConsoleApi.Reply;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's files as the server sends them: from the jar under /console/ beside the API and the SQS
 * endpoint (on, as by default), each with the headers that keep a hostile message body from doing anything.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleAssetsTest {
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConsoleApp.withoutAuth(DB);
    static final ConsoleApi API = new ConsoleApi(APP::getLocalPort);

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void servesThePageWithItsContentSecurityPolicy() {
        Reply page = API.get("/console/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void sendsTheBarePathToTheOneWithASlash() {
        Reply bare = API.get("/console");

        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("Location")).endsWith("/console/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/js/app.js", "/console/js/views/queue.js", "/console/vendor/uplot/uPlot.esm.js"})
    void servesScriptsAsJavaScript(String path) {
        Reply script = API.get(path);

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.header("Content-Security-Policy")).isEqualTo(POLICY);
    }

    @Test
    void servesStylesAsCss() {
        assertThat(API.get("/console/css/console.css").header("Content-Type")).startsWith("text/css");
        assertThat(API.get("/console/vendor/uplot/uPlot.min.css").header("Content-Type"))
                .startsWith("text/css");
    }

    /** Nothing else of the class path is reachable through the console's paths. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/console/vendor/uplot/",
                "/console/vendor/uplot/../../../../../META-INF/MANIFEST.MF",
                "/console/vendor/uplot/%2e%2e/package.json",
                "/console/../config.yml",
                "/console/no-such-file.js"
            })
    void refusesWhatIsNotAConsoleFile(String path) {
        Reply reply = API.get(path);

        assertThat(reply.status()).isIn(400, 404);
        assertThat(reply.text()).doesNotContain("uplot").doesNotContain("Manifest-Version");
    }

    /** The console's paths take nothing from the API's and the SQS endpoint's. */
    @Test
    void leavesTheApiAndTheSqsEndpointAlone() {
        assertThat(API.get("/v1/queues").status()).isEqualTo(200);
        assertThat(API.get("/docs").status()).isEqualTo(200);
        Reply sqs = API.send("POST", "/", "{}");
        assertThat(sqs.status()).isNotEqualTo(404);
    }
}
