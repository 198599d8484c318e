package dev.conveyor.bootstrap;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The AWS SDK for Java v2's SQS client, as a user would point it at a test server: its endpoint, dummy credentials. */
final class SqsSdkClients {
    private SqsSdkClients() {}

    /** A client of the app's SQS endpoint; its socket timeout outlasts the longest long poll (20 s). */
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
