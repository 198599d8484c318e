package dev.conveyor.sqs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One SQS call as the actions see it, whichever wire protocol carried it: the action and its parameters under
 * their JSON-protocol names.
 *
 * @param pathQueueUrl the queue URL the request was sent to ({@code /{account}/{queue}}), or {@code null}
 */
public record SqsRequest(SqsAction action, Parameters parameters, String pathQueueUrl) {

    /** An action's parameters, read the same way from a JSON body or from flattened Query parameters. */
    public interface Parameters {
        /** A scalar parameter as text (a JSON number or boolean as its text), or empty when absent. */
        Optional<String> text(String name);

        /** A map parameter ({@code Attributes}: JSON object, or Query's {@code Attribute.N.Name/Value}). */
        Map<String, String> map(String name);

        /** A list of strings ({@code AttributeNames}: JSON array, or Query's {@code AttributeName.N}). */
        List<String> list(String name);

        /** True when the parameter is present in any shape, so unsupported ones are refused, not dropped. */
        boolean present(String name);

        /**
         * A list of structures ({@code Entries}: JSON array of objects, or Query's {@code
         * <Action>RequestEntry.N.<member>}), each read as parameters of its own, in order.
         */
        List<Parameters> entries(String name);

        /**
         * A map of structures ({@code MessageAttributes}: JSON object of objects, or Query's {@code
         * MessageAttribute.N.Name} and {@code MessageAttribute.N.Value.<member>}), in the order given.
         */
        Map<String, Parameters> structures(String name);
    }

    /** The parameter's text, or MissingParameter naming it. */
    public String required(String name) {
        return parameters
                .text(name)
                .orElseThrow(() ->
                        SqsError.MISSING_PARAMETER.because("The request must contain the parameter " + name + "."));
    }

    /** The parameter as an integer in {@code [min, max]}, or {@code fallback} when absent. */
    public int integer(String name, int min, int max, int fallback) {
        Optional<String> text = parameters.text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        return Limits.integer(name, text.get(), min, max);
    }

    /** The queue URL the call names: its {@code QueueUrl} parameter, or else the URL it was sent to. */
    public String queueUrl() {
        Optional<String> given = parameters.text("QueueUrl");
        if (given.isPresent()) {
            return given.get();
        }
        if (pathQueueUrl != null) {
            return pathQueueUrl;
        }
        return required("QueueUrl");
    }
}
