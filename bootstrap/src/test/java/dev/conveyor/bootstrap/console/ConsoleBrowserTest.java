package dev.conveyor.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.bootstrap.ConveyorConfiguration;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser with authentication off, clicked through as a person on call would: one app
 * and one browser for the class, each test on queues of its own.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleBrowserTest {
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConsoleApp.withoutAuth(DB);
    static final ConsoleApi API = new ConsoleApi(APP::getLocalPort);
    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start(API.base());
    }

    @AfterEach
    void noPolicyViolations(TestInfo test) {
        browser.keepForLookingInto(test.getTestMethod().orElseThrow().getName());
        assertThat(browser.consoleMessages())
                .as("the page's console")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught"));
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

    @Test
    void saysAuthenticationIsOff() {
        browser.open("/");

        assertThat(browser.find("#banner").getText())
                .isEqualTo("Authentication is off: anyone who can reach this port can change anything");
        assertThat(browser.find("#updated").getText()).matches("updated \\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void createsAQueueAndSeesItsDepthChangeAfterATestMessage() {
        browser.open("/");
        browser.type("#new-queue-id", "signups");
        browser.click("#create-queue-button");
        browser.waitForText("#queues-table", "signups");

        browser.click("tr[data-queue='signups'] .queue-link");
        browser.waitForText("h1", "Queue signups");
        browser.waitForText("[data-figure='available'] dd", "0");
        browser.type("#send-body", "{\"user\": \"ada\"}");
        browser.type("#send-attributes", "plan=pro");
        browser.click("#send-button");

        browser.waitForText("#send-messages", "Sent message");
        browser.waitForText("[data-figure='available'] dd", "1");
        browser.waitForCount("#messages .message-row", 1);
        assertThat(API.total("signups")).isEqualTo(1);
        browser.open("/");
        browser.waitForText("tr[data-queue='signups'] .available", "1");
    }

    @Test
    void browsesAndOpensAMessage() {
        API.createQueue("invoices", "");
        API.publish(
                "invoices",
                "[{\"body\": {\"total\": 50, \"customer\": {\"tier\": \"basic\"}}, \"attributes\": {\"region\": \"eu\"}},"
                        + " {\"body\": {\"total\": 150, \"customer\": {\"tier\": \"gold\"}}, \"attributes\": "
                        + "{\"region\": \"us\"}, \"label\": \"big\"}]");

        browser.open("/queues/invoices");
        browser.waitForCount("#messages .message-row", 2);
        browser.all("#messages .message-link").get(1).click();

        String body = browser.find("#message-body").getText();
        assertThat(body).contains("\"total\": 150").contains("\"tier\": \"gold\"");
        assertThat(browser.find("#message-attributes").getText())
                .contains("region")
                .contains("us");
        assertThat(browser.find("#message-attempts").getText()).isEqualTo("0");
    }

    @Test
    void showsHostileBodiesAsText() {
        String script = "<script>window.pwned=1</script>";
        String image = "\"><img src=x onerror=\"window.pwned=1\">";
        API.createQueue("hostile", "");
        API.publish(
                "hostile",
                "[{\"body\": " + ConsoleApi.quoted(script) + ", \"attributes\": {\"x\": " + ConsoleApi.quoted(image)
                        + "}}, {\"body\": {\"html\": " + ConsoleApi.quoted(image) + "}, \"label\": "
                        + ConsoleApi.quoted("<b>bold</b>") + "}]");

        browser.open("/queues/hostile");
        browser.waitForCount("#messages .message-row", 2);
        assertThat(browser.find("#messages").getText()).contains(script).contains("onerror=");
        browser.all("#messages .message-link").get(0).click();
        assertThat(browser.find("#message-body").getText()).isEqualTo(ConsoleApi.quoted(script));
        assertThat(browser.find("#message-attributes").getText()).contains(image);
        browser.go("/queues/hostile");
        browser.waitForCount("#messages .message-row", 2);
        browser.all("#messages .message-link").get(1).click();
        assertThat(browser.find("#message-body").getText()).contains("<img src=x");

        assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("main script"))).isEmpty();
        assertThat(browser.script("return typeof window.pwned")).isEqualTo("undefined");
    }

    @Test
    void redrivesADeadLetterQueueBackToItsSource() {
        API.createQueue("payments-dead", "");
        API.createQueue("payments", "'max_deliveries': 1, 'dead_letter_queue_id': 'payments-dead'");
        API.publish("payments", "[{\"body\": {\"n\": 1}}, {\"body\": {\"n\": 2}}, {\"body\": {\"n\": 3}}]");
        API.receiveAndNack("payments", 3);
        assertThat(API.total("payments-dead")).isEqualTo(3);

        browser.open("/queues/payments-dead");
        browser.waitForCount("#messages .message-row", 3);
        browser.all("#messages .message-link").get(0).click();
        assertThat(browser.find("#message-dead-letter").getText()).startsWith("payments (max_deliveries, nacked) at ");
        browser.go("/queues/payments-dead");
        browser.waitForText("#queue-problems", "dead-letter queue of payments");
        browser.waitForCount("#messages .message-row", 3);
        assertThat(browser.find("#messages").getText()).contains("payments");
        browser.all("#messages .select-message").get(0).click();
        new Select(browser.find("#redrive-destination")).selectByValue("payments");
        browser.click("#redrive-selected");
        browser.waitForText("#browse-messages", "Moved 1 message to payments");
        browser.waitForCount("#messages .message-row", 2);

        new Select(browser.find("#redrive-destination")).selectByValue("");
        browser.click("#redrive-all");

        browser.waitForText("#browse-messages", "Moved 2 messages");
        browser.find("#no-messages");
        assertThat(API.total("payments-dead")).isZero();
        assertThat(API.total("payments")).isEqualTo(3);
    }

    @Test
    void purgesOnlyOnceTheQueueNameIsTyped() {
        API.createQueue("audit", "");
        API.publish("audit", "[{\"body\": 1}, {\"body\": 2}, {\"body\": 3}]");

        browser.open("/queues/audit");
        WebElement purge = browser.find("#purge-button");
        assertThat(purge.isEnabled()).isFalse();
        browser.type("#purge-confirm", "audi");
        assertThat(purge.isEnabled()).isFalse();
        browser.find("#purge-confirm").sendKeys("t");
        assertThat(purge.isEnabled()).isTrue();
        browser.find("#purge-confirm").sendKeys(Keys.ENTER);

        browser.waitForText("#danger-messages", "Purged: 3 messages deleted.");
        assertThat(API.total("audit")).isZero();
    }

    @Test
    void showsTheApisValidationMessagesBesideTheirFields() {
        API.createQueue("reports", "");

        browser.open("/queues/reports");
        browser.type("#setting-ack_deadline_seconds", "0");
        browser.click("#settings-save");

        WebElement error = browser.find("#setting-ack_deadline_seconds-error");
        assertThat(error.getText()).startsWith("ack_deadline_seconds");
        assertThat(browser.find("#setting-ack_deadline_seconds").getAttribute("aria-invalid"))
                .isEqualTo("true");

        browser.type("#setting-ack_deadline_seconds", "45");
        browser.type("#setting-max_deliveries", "5");
        browser.click("#settings-save");
        browser.waitForText("#settings-messages", "Settings saved.");
        assertThat(API.queue("reports").get("ack_deadline_seconds").asInt()).isEqualTo(45);
        assertThat(API.queue("reports").get("max_deliveries").asInt()).isEqualTo(5);
        assertThat(browser.driver()
                        .findElement(By.id("setting-ack_deadline_seconds-error"))
                        .isDisplayed())
                .isFalse();
    }

    @Test
    void publishesToATopicAndShowsWhichQueuesTookIt() {
        API.createQueue("eu-orders", "");
        API.createQueue("us-orders", "");
        API.createTopic("orders-placed");
        API.subscribe("orders-eu", "orders-placed", "eu-orders", "{\"region\": [\"eu\"]}");
        API.subscribe("orders-us", "orders-placed", "us-orders", "{\"region\": [\"us\"]}");

        browser.open("/topics/orders-placed");
        browser.waitForText("#topic-subscriptions", "region = eu");
        browser.type("#publish-attributes", "region=eu");
        browser.click("#publish-button");

        assertThat(browser.waitForText("#published-queues", "eu-orders").getText())
                .isEqualTo("eu-orders");
        assertThat(API.total("eu-orders")).isEqualTo(1);
        assertThat(API.total("us-orders")).isZero();
    }

    @Test
    void deletesAQueueOnceItsNameIsTyped() {
        API.createQueue("scratch", "");

        browser.open("/queues/scratch");
        browser.type("#delete-queue-confirm", "scratch");
        browser.click("#delete-queue-button");

        browser.waitForText("h1", "Queues");
        assertThat(API.get("/v1/queues/scratch").status()).isEqualTo(404);
    }

    @Test
    void fitsAPhoneScreen() {
        API.createQueue("phone", "");
        try {
            browser.resize(390, 844);
            for (String route : new String[] {"/queues/phone", "/"}) {
                browser.open(route);
                browser.find(route.equals("/") ? "#queues-table table" : "#settings-form");
                // Wide tables scroll inside their frame; the page itself never scrolls sideways.
                assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                        .as(route)
                        .isLessThanOrEqualTo((Long) browser.script("return window.innerWidth"));
            }
        } finally {
            browser.resize(1280, 800);
        }
    }

    @Test
    void offersWhatTheScopesAllowAsTheServerReadsThem() {
        browser.open("/");

        assertThat(browser.callModule("js/auth.js", """
                (m) => {
                  const s = m.parseScopes('queues:read queues:manage:orders topics:publish');
                  return [m.allows(s, 'queues', 'read', 'billing'), m.allows(s, 'queues', 'read'),
                    m.allows(s, 'queues', 'manage', 'orders'), m.allows(s, 'queues', 'manage', 'billing'),
                    m.allows(s, 'queues', 'manage'), m.allows(s, 'queues', 'delete', 'orders'),
                    m.allowsAny(s, 'queues', 'manage'), m.allows(m.parseScopes('*'), 'clients', 'delete', 'x'),
                    m.allows(m.parseScopes(''), 'queues', 'read')];
                }"""))
                .isEqualTo("[true,true,true,false,false,false,true,true,false]");
    }

    @Test
    void namesTheProblemsOfAQueue() {
        browser.open("/");

        assertThat(browser.callModule("js/problems.js", """
                (m) => {
                  const now = Date.parse('2026-01-01T12:00:00Z');
                  const quiet = {published: 0, received: 0, acked: 0, dead_lettered: 0};
                  const minutesAgo = (m) => new Date(now - m * 60000).toISOString();
                  const rising = [10, 8, 6, 4, 2, 0].map((m, i) => ({at: minutesAgo(m), available: [1, 4, 8, 15, 22, 30][i],
                    rates: quiet}));
                  const consumed = rising.map((point) => ({...point, rates: {...quiet, received: 0.2}}));
                  return [
                    m.problems({available: 0, total: 0, rates: quiet}, [], [], now),
                    m.problems({available: 30, total: 30, oldest_available_age_seconds: 900, rates: quiet}, rising, [],
                      now),
                    m.problems({available: 30, total: 30, rates: quiet}, consumed, [], now),
                    m.problems({available: 9, total: 9, rates: quiet}, rising.map((point, i) => ({...point,
                      available: [4, 6, 3, 5, 7, 9][i], rates: {...quiet, received: 1}})), [], now),
                    m.problems({available: 2, total: 2, rates: {...quiet, received: 1, dead_lettered: 0.5}}, [], [],
                      now),
                    m.problems({available: 3, total: 3, rates: {...quiet, received: 1}}, [], ['orders'], now),
                    m.problems({available: 3, total: 3, rates: quiet}, [], ['orders'], now, 0.2),
                  ].map((found) => found.map((p) => p.text).join('; '));
                }"""))
                .isEqualTo("[\"\","
                        + "\"backlog growing; oldest message waiting 15 min; nobody receiving\","
                        + "\"backlog growing\","
                        + "\"\","
                        + "\"messages being dead-lettered\","
                        + "\"holds 3 dead letters\","
                        + "\"dead letters arriving\"]");
    }

    @Test
    void pausesWhileTheTabIsHiddenAndRefreshesWhenItShows() {
        browser.open("/");
        browser.waitForText("#updated", "updated");

        browser.script("Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
                + "document.dispatchEvent(new Event('visibilitychange'));");
        browser.waitForText("#updated", "(paused)");
        browser.script("Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
                + "document.dispatchEvent(new Event('visibilitychange'));");

        browser.until(driver -> !browser.find("#updated").getText().contains("paused"));
        assertThat(browser.find("#updated").getText()).matches("updated \\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void worksFromTheKeyboard() {
        API.createQueue("keyboard", "");
        browser.open("/");
        browser.find("tr[data-queue='keyboard']");

        browser.find("#new-queue-id").sendKeys("typed-queue", Keys.ENTER);
        browser.waitForText("#queues-table", "typed-queue");
        WebElement link = browser.find("tr[data-queue='keyboard'] .queue-link");
        browser.script("arguments[0].focus()", link);
        link.sendKeys(Keys.ENTER);

        browser.waitForText("h1", "Queue keyboard");
        browser.find("#send-body").sendKeys(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id"))
                .isEqualTo("send-attributes");
    }

    @Test
    void searchesByAttributeTextAndJsonPath() {
        API.createQueue("refunds", "");
        API.publish(
                "refunds",
                "[{\"body\": {\"total\": 50, \"note\": \"Late delivery\"}, \"attributes\": {\"region\": \"eu\"}},"
                        + " {\"body\": {\"total\": 150, \"note\": \"damaged box\"}, \"attributes\": {\"region\": \"us\"}},"
                        + " {\"body\": {\"total\": 300, \"note\": \"late, and damaged\"}, \"attributes\": "
                        + "{\"region\": \"apac\"}, \"label\": \"vip\"}]");
        browser.open("/queues/refunds");
        browser.waitForCount("#messages .message-row", 3);

        browser.type("#search-attributes", "region=eu, region=apac");
        browser.click("#search-button");
        browser.waitForCount("#messages .message-row", 2);

        browser.type("#search-attributes", "");
        browser.type("#search-text", "LATE");
        browser.click("#search-button");
        browser.waitForCount("#messages .message-row", 2);

        browser.type("#search-text", "");
        browser.type("#search-json-path", "$.total > 100");
        browser.find("#search-json-path").sendKeys(Keys.ENTER);
        browser.waitForCount("#messages .message-row", 2);

        browser.type("#search-label", "vip");
        browser.click("#search-button");
        browser.waitForCount("#messages .message-row", 1);
        assertThat(browser.find("#messages .body-preview").getText()).contains("late, and damaged");

        browser.click("#search-clear");
        browser.waitForCount("#messages .message-row", 3);
    }

    /** Hostile search input is a search like any other: no match, or the API's message, never a broken page. */
    @Test
    void searchesSafelyForHostileInput() {
        API.createQueue("tickets", "");
        API.publish("tickets", "{\"body\": {\"subject\": \"printer on fire\"}}");
        browser.open("/queues/tickets");
        browser.waitForCount("#messages .message-row", 1);

        browser.type("#search-text", "%' OR '1'='1' --");
        browser.click("#search-button");
        browser.find("#no-messages");

        browser.type("#search-text", "");
        browser.type("#search-json-path", "$.subject') OR true; DROP TABLE messages; --");
        browser.click("#search-button");
        assertThat(browser.find("#search-error").getText()).contains("json_path");

        browser.click("#search-clear");
        browser.waitForCount("#messages .message-row", 1);
        assertThat(API.total("tickets")).isEqualTo(1);
    }

    @Test
    void chartsTheLastHourAndDay() {
        API.createQueue("metrics", "");
        API.publish("metrics", "[{\"body\": 1}, {\"body\": 2}]");
        browser.open("/queues/metrics");

        browser.find("#depth-chart canvas");
        browser.find("#rate-chart canvas");
        browser.waitForText("#depth-chart", "Messages");
        browser.click("#charts-window button:nth-of-type(2)");
        browser.until(driver -> "true"
                .equals(browser.find("#charts-window button:nth-of-type(2)").getAttribute("aria-pressed")));
        browser.find("#depth-chart canvas");

        browser.open("/");
        browser.find("tr[data-queue='metrics'] .spark-cell canvas");
        browser.waitForText("tr[data-queue='metrics'] .available", "2");
    }

    @Test
    void saysWhenThereIsNoSuchQueue() {
        browser.open("/queues/nowhere");

        assertThat(browser.find("#no-queue").getText()).isEqualTo("There is no queue nowhere.");
    }

    @Test
    void saysWhenAMessageIsGone() {
        API.createQueue("ephemeral", "");
        String id = API.publish("ephemeral", "{\"body\": \"soon gone\"}")
                .get(0)
                .get("id")
                .asText();
        API.post("/v1/queues/ephemeral/purge", null).expect(200);

        browser.open("/queues/ephemeral/messages/" + id);

        assertThat(browser.find("#message-gone").getText()).contains("gone");
    }
}
