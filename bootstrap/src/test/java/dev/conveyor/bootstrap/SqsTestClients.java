package dev.conveyor.bootstrap;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The two kinds of SQS client the SQS tests drive an app with: the AWS SDK (JSON), and Query forms read as XML. */
final class SqsTestClients {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SqsTestClients() {}

    /** The AWS SDK for Java v2 on the app's port, with dummy credentials, its MD5 checks on. */
    static SqsClient sdk(DropwizardAppExtension<?> app) {
        return SqsClient.builder()
                .endpointOverride(URI.create(base(app)))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(40))
                        .build())
                .build();
    }

    static String base(DropwizardAppExtension<?> app) {
        return "http://localhost:" + app.getLocalPort();
    }

    static String url(DropwizardAppExtension<ConveyorConfiguration> app, String queue) {
        return base(app) + "/000000000000/" + queue;
    }

    static String arn(String queue) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queue;
    }

    /** Posts the Query action with {@code name=value} pairs, form-encoded as a Query client does, to {@code /}. */
    static SqsQueryApiTest.Xml query(DropwizardAppExtension<ConveyorConfiguration> app, String action, String... pairs)
            throws Exception {
        StringBuilder form = new StringBuilder("Action=" + action + "&Version=2012-11-05");
        for (int i = 0; i < pairs.length; i += 2) {
            form.append('&')
                    .append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base(app) + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        return SqsQueryApiTest.parse(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }
}
