package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With auth on, the SQS endpoint refuses every request (SigV4 is not supported yet) and changes nothing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsAuthApiTest {
    static final byte[] KEY = BearerApi.key(7);
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = BearerApi.appWithAuth(DB, CLOCK, KEY);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void everyRequestIsRefusedInItsProtocolsShape() throws Exception {
        String signature = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=0000";
        HttpResponse<String> json = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + "/"))
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "AmazonSQS.CreateQueue")
                        .header("Authorization", signature)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"QueueName\": \"auth-refused\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(403);
        assertThat(json.headers().firstValue("x-amzn-query-error")).hasValue("InvalidClientTokenId;Sender");
        assertThat(json.body())
                .contains("com.amazonaws.sqs#InvalidClientTokenId")
                .contains("Signature Version 4");

        HttpResponse<String> query = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + "/"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "Action=CreateQueue&Version=2012-11-05&QueueName=auth-refused"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).isEqualTo(403);
        assertThat(query.body()).contains("<Code>InvalidClientTokenId</Code>").contains("<ErrorResponse");

        try (var handle = DB.jdbi().open()) {
            assertThat(handle.createQuery("SELECT count(*) FROM queues WHERE id = 'auth-refused'")
                            .mapTo(Long.class)
                            .one())
                    .isZero();
        }
    }
}
