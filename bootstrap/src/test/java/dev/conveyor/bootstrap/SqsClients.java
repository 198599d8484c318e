package dev.conveyor.bootstrap;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The AWS SDK for Java v2 as a user configures it for Conveyor: the endpoint URL, a region, dummy credentials. */
final class SqsClients {
    private SqsClients() {}

    /** A client of the app's SQS endpoint, its MD5 checks on; its reads outlast a 20 s long poll. */
    static SqsClient of(DropwizardAppExtension<?> app) {
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
