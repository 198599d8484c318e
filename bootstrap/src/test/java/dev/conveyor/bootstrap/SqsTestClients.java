package dev.conveyor.bootstrap;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK for Java v2 clients of a test's server, as a user configures one: an endpoint and dummy credentials. */
final class SqsTestClients {
    private SqsTestClients() {}

    /** A JSON-protocol client with the SDK's MD5 checks on (its default), waiting long enough for a long poll. */
    static SqsClient of(DropwizardAppExtension<ConveyorConfiguration> app) {
        return SqsClient.builder()
                .endpointOverride(URI.create("http://localhost:" + app.getLocalPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(40))
                        .build())
                .build();
    }
}
