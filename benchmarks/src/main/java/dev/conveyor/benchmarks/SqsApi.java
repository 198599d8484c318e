package dev.conveyor.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The SQS calls the SQS rows make, through the AWS SDK for Java v2 as an SQS user makes them: one SqsClient shared by
 * every client thread, the SDK's default synchronous HTTP client (Apache) with a connection per thread, the endpoint
 * overridden, dummy credentials (neither server checks signatures here), and the SDK's MD5 checks of bodies and
 * attributes left on. The same code drives Conveyor and ElasticMQ.
 */
final class SqsApi implements AutoCloseable {
    static final String SDK_VERSION = VersionInfo.SDK_VERSION;
    static final int BATCH = 10;

    /** Which server a row is about, as the report names it. */
    final String server;

    private final SqsClient sqs;
    private final boolean withAttributes;

    private SqsApi(String server, SqsClient sqs, boolean withAttributes) {
        this.server = server;
        this.sqs = sqs;
        this.withAttributes = withAttributes;
    }

    static SqsApi connect(String server, URI endpoint, int connections) {
        SqsClient sqs = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(ApacheHttpClient.builder()
                        .maxConnections(connections)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
        return new SqsApi(server, sqs, true);
    }

    /** The same client without message attributes, for a server that does not take them yet (see SqsScenarios). */
    SqsApi withoutAttributes() {
        return new SqsApi(server, sqs, false);
    }

    boolean sendsAttributes() {
        return withAttributes;
    }

    /** True when the server answered that it does not implement the action or a parameter of it (yet). */
    static boolean unsupported(SqsException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e instanceof software.amazon.awssdk.services.sqs.model.UnsupportedOperationException
                || (code != null && code.endsWith("UnsupportedOperation"));
    }

    String createQueue(String name) {
        return sqs.createQueue(request -> request.queueName(name)).queueUrl();
    }

    void deleteQueue(String url) {
        sqs.deleteQueue(request -> request.queueUrl(url));
    }

    /** One SendMessage of the benchmark's message; prepared once, as its text never changes. */
    SendMessageRequest sendRequest(String url) {
        SendMessageRequest.Builder request =
                SendMessageRequest.builder().queueUrl(url).messageBody(ConveyorApi.BODY);
        if (withAttributes) {
            request.messageAttributes(attributes());
        }
        return request.build();
    }

    int send(SendMessageRequest request) {
        sqs.sendMessage(request);
        return 1;
    }

    /** A SendMessageBatch of ten copies of the benchmark's message, entry ids 0 to 9. */
    SendMessageBatchRequest sendBatchRequest(String url) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(ConveyorApi.BODY);
            if (withAttributes) {
                entry.messageAttributes(attributes());
            }
            entries.add(entry.build());
        }
        return SendMessageBatchRequest.builder().queueUrl(url).entries(entries).build();
    }

    /** Sends the batch; an entry that failed fails the call, so the row counts only messages stored. */
    int sendBatch(SendMessageBatchRequest request) {
        SendMessageBatchResponse response = sqs.sendMessageBatch(request);
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException(server + ": SendMessageBatch entries failed: " + response.failed());
        }
        return response.successful().size();
    }

    /** ReceiveMessage of up to ten, without waiting, asking for the messages' attributes (so their MD5 is checked). */
    ReceiveMessageRequest receiveRequest(String url) {
        return ReceiveMessageRequest.builder()
                .queueUrl(url)
                .maxNumberOfMessages(BATCH)
                .waitTimeSeconds(0)
                .messageAttributeNames("All")
                .build();
    }

    List<Message> receive(ReceiveMessageRequest request) {
        return sqs.receiveMessage(request).messages();
    }

    /** Deletes what a receive answered with one DeleteMessageBatch; answers how many were deleted. */
    int deleteBatch(String url, List<Message> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle())
                    .build());
        }
        DeleteMessageBatchResponse response =
                sqs.deleteMessageBatch(request -> request.queueUrl(url).entries(entries));
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException(server + ": DeleteMessageBatch entries failed: " + response.failed());
        }
        return response.successful().size();
    }

    /** Deletes what a receive answered with one DeleteMessage per message, as many consumer libraries do. */
    int deleteEach(String url, List<Message> messages) {
        for (Message message : messages) {
            sqs.deleteMessage(request -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
        return messages.size();
    }

    private static Map<String, MessageAttributeValue> attributes() {
        // The /v1 rows' attribute {"status": "paid"}, as SQS carries it: a String attribute.
        return Map.of(
                "status",
                MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue("paid")
                        .build());
    }

    @Override
    public void close() {
        sqs.close();
    }
}
