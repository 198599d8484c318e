package dev.conveyor.sqs;

import java.net.URI;
import java.net.URISyntaxException;

/** Queue URLs ({@code <base>/<account>/<name>}) and ARNs, and the queue a URL names, whatever its host. */
final class QueueUrls {
    private final SqsSettings settings;
    private final String base;

    /** @param requestBase the scheme, host and port the request was sent to, used unless the settings fix one */
    QueueUrls(SqsSettings settings, String requestBase) {
        this.settings = settings;
        this.base = settings.queueUrlBase() != null ? settings.queueUrlBase() : requestBase;
    }

    String accountId() {
        return settings.accountId();
    }

    String url(String queueId) {
        return base + "/" + settings.accountId() + "/" + queueId;
    }

    /** The queue's ARN, {@code arn:aws:sqs:<region>:<account>:<name>}, as RedrivePolicy and move tasks name it. */
    String arn(String queueId) {
        return "arn:aws:sqs:" + settings.region() + ":" + settings.accountId() + ":" + queueId;
    }

    /**
     * The queue an ARN names; InvalidParameterValue naming {@code parameter} when it is not an SQS queue ARN of this
     * endpoint's region and account.
     */
    String queueIdOfArn(String parameter, String arn) {
        String prefix = "arn:aws:sqs:" + settings.region() + ":" + settings.accountId() + ":";
        if (arn != null && arn.startsWith(prefix) && arn.length() > prefix.length()) {
            return arn.substring(prefix.length());
        }
        throw SqsError.INVALID_PARAMETER_VALUE.because("Value " + arn + " for parameter " + parameter
                + " is invalid. Reason: it must be the ARN of a queue of this endpoint, " + prefix + "<name>.");
    }

    /**
     * The queue the URL names by its path, {@code /<account>/<name>}: clients may reach Conveyor through another
     * host than the one in the URL (a proxy, another instance), so the host is not compared.
     */
    String queueId(String url) {
        String path;
        try {
            path = new URI(url.trim()).getPath();
        } catch (URISyntaxException e) {
            throw SqsError.INVALID_PARAMETER_VALUE.because(
                    "Value " + url + " for parameter QueueUrl is invalid. Reason: not a URL.");
        }
        if (path != null) {
            String[] parts = path.split("/", -1);
            if (parts.length == 3
                    && parts[0].isEmpty()
                    && parts[1].equals(settings.accountId())
                    && !parts[2].isEmpty()) {
                return parts[2];
            }
        }
        throw SqsError.QUEUE_DOES_NOT_EXIST.because("The specified queue does not exist.");
    }
}
