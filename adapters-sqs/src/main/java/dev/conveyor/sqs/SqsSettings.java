package dev.conveyor.sqs;

import java.util.Objects;

/**
 * How the SQS endpoint presents itself.
 *
 * @param accountId the account of every queue URL and ARN
 * @param region the region of queue ARNs
 * @param queueUrlBase the scheme, host and port of queue URLs; {@code null} takes them from each request's Host
 *     header, so that URLs work through any instance or proxy
 * @param authEnabled true when Conveyor's auth is on: every SQS request must then carry a valid AWS Signature
 *     Version 4 made with a Conveyor client's id and secret
 */
public record SqsSettings(String accountId, String region, String queueUrlBase, boolean authEnabled) {
    public SqsSettings {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        if (queueUrlBase != null && queueUrlBase.endsWith("/")) {
            queueUrlBase = queueUrlBase.substring(0, queueUrlBase.length() - 1);
        }
    }
}
