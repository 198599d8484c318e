package dev.conveyor.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.bootstrap.ConveyorConfiguration;
import dev.conveyor.bootstrap.console.ConsoleApp.Credentials;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The console with authentication on: it asks for a client id and secret, keeps the token for the tab, and offers
 * only what the client's scopes allow; the API refuses the rest whatever the page shows.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleAuthBrowserTest {
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConsoleApp.withAuth(DB);
    static final ConsoleApi API = new ConsoleApi(APP::getLocalPort);
    static final Credentials ADMIN = ConsoleApp.createClient(DB, "on-call admin", "*");
    static final Credentials READER =
            ConsoleApp.createClient(DB, "dashboard", "queues:read topics:read subscriptions:read");
    static final Credentials LEDGER_OPERATOR =
            ConsoleApp.createClient(DB, "ledger operator", "queues:read:ledger queues:manage:ledger");
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start(API.base());
        API.as(API.token(ADMIN)).createQueue("ledger", "");
        API.publish("ledger", "{\"body\": {\"amount\": 12}}");
    }

    @BeforeEach
    void loggedOut() {
        browser.open("/");
        browser.script("sessionStorage.clear()");
    }

    @AfterEach
    void keep(TestInfo test) {
        browser.keepForLookingInto(test.getTestMethod().orElseThrow().getName());
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            DB.close();
        }
    }

    private static void logIn(Credentials client) {
        browser.open("/");
        browser.type("#login-client-id", client.id());
        browser.type("#login-secret", client.secret());
        browser.click("#login-form button[type='submit']");
        browser.find("#queues-table");
    }

    /** Scopes ending in :ledger hold for that queue alone: no list of queues, but the ledger page in full. */
    @Test
    void aClientOfOneQueueManagesThatQueue() {
        logIn(LEDGER_OPERATOR);
        browser.waitForText("#queues-table", "may not list queues");

        browser.go("/queues/ledger");
        browser.waitForText("[data-figure='total'] dd", "1");
        browser.waitForCount("#messages .message-row", 1);
        browser.find("#purge-button");
        browser.find("#redrive");
        assertThat(browser.all("#delete-queue-button")).isEmpty();
        assertThat(browser.all("#send-form")).isEmpty();
    }

    @Test
    void asksForCredentialsAndRefusesWrongOnes() {
        browser.open("/queues/ledger");

        browser.find("#login-form");
        assertThat(browser.driver().findElement(By.id("banner")).isDisplayed()).isFalse();
        browser.type("#login-client-id", READER.id());
        browser.type("#login-secret", "not the secret");
        browser.click("#login-form button[type='submit']");
        browser.waitForText("#login-form .notice", "The client id or secret is wrong");
    }

    @Test
    void aReadOnlyClientIsOfferedNoPurgeAndTheApiRefusesIt() {
        logIn(READER);
        browser.waitForText("tr[data-queue='ledger'] .total", "1");
        browser.click("tr[data-queue='ledger'] .queue-link");
        browser.waitForText("[data-figure='total'] dd", "1");
        browser.waitForCount("#messages .message-row", 1);

        assertThat(browser.all("#purge-button")).isEmpty();
        assertThat(browser.all("#delete-queue-button")).isEmpty();
        assertThat(browser.all("#redrive")).isEmpty();
        assertThat(browser.all("#send-form")).isEmpty();
        assertThat(browser.find("#setting-ack_deadline_seconds").isEnabled()).isFalse();
        assertThat(browser.all("nav a[href='#/clients']")).isEmpty();

        String token = (String) browser.script(
                "return JSON.parse(sessionStorage.getItem(arguments[0])).token", "conveyor.console.session");
        ConsoleApi reader = new ConsoleApi(APP::getLocalPort).as(token);
        assertThat(reader.post("/v1/queues/ledger/purge", null).status()).isEqualTo(403);
        assertThat(API.total("ledger")).isEqualTo(1);
    }

    @Test
    void anAdminSeesPurgeAndManagesClients() {
        logIn(ADMIN);
        browser.click("tr[data-queue='ledger'] .queue-link");
        browser.find("#purge-button");

        browser.click("nav a[href='#/clients']");
        browser.waitForText("#clients", "dashboard");
        browser.type("#new-client-name", "billing worker");
        browser.type("#new-client-scopes", "queues:consume:ledger");
        browser.click("#new-client-active");
        browser.click("#create-client-button");

        String secret = browser.find("#created-client-secret").getText();
        String id = browser.find("#created-client-id").getText();
        assertThat(secret).isNotBlank();
        browser.waitForText("#clients", "billing worker");
        assertThat(API.get("/v1/clients/" + id).expect(200).get("is_active").asBoolean())
                .isFalse();
        assertThat(API.post("/v1/oauth/token", ConsoleApi.j("{'client_id': '%s', 'client_secret': '%s'}", id, secret))
                        .status())
                .isNotEqualTo(201);

        browser.driver()
                .findElement(By.cssSelector("#client-secret-area button"))
                .click();
        assertThat(browser.all("#created-client-secret")).isEmpty();
    }

    @Test
    void logsOutAndForgetsTheToken() {
        logIn(READER);
        browser.click("#logout");

        browser.find("#login-form");
        assertThat(browser.script("return sessionStorage.getItem('conveyor.console.session')"))
                .isNull();
    }
}
