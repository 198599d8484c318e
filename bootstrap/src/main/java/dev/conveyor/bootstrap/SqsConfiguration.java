package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.sqs.SqsSettings;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The SQS-compatible endpoint on the application port: {@code POST /} and the queue URLs {@code /{account}/{queue}}. */
public class SqsConfiguration {
    @JsonProperty
    private boolean enabled = true;

    /** The account of queue URLs and ARNs: 12 digits, as AWS's, since SQS clients may check it. */
    @JsonProperty
    @NotNull
    @Pattern(regexp = "[0-9]{12}")
    private String accountId = "000000000000";

    @JsonProperty
    @NotNull
    @Pattern(regexp = "[a-z0-9-]+")
    private String region = "us-east-1";

    /** The scheme, host and port of queue URLs (say https://sqs.example.com); unset: each request's Host header. */
    @JsonProperty
    @Pattern(regexp = "(https?://[^/?#]+/?)?")
    private String queueUrlBase;

    public boolean isEnabled() {
        return enabled;
    }

    SqsSettings settings(boolean authEnabled) {
        String base = queueUrlBase == null || queueUrlBase.isBlank() ? null : queueUrlBase;
        return new SqsSettings(accountId, region, base, authEnabled);
    }
}
