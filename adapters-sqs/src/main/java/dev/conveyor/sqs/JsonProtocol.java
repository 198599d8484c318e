package dev.conveyor.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS JSON 1.0: {@code X-Amz-Target: AmazonSQS.<Action>}, a JSON object of PascalCase members; errors as
 * {@code __type} and {@code message}, with the Query code in {@code x-amzn-query-error} (which SDKs prefer).
 */
final class JsonProtocol implements SqsProtocol {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String TARGET_PREFIX = "AmazonSQS.";

    private final ObjectMapper mapper;
    private final String target;
    private final SqsBody body;
    private final String pathQueueUrl;

    JsonProtocol(ObjectMapper mapper, String target, SqsBody body, String pathQueueUrl) {
        this.mapper = mapper;
        this.target = target;
        this.body = body;
        this.pathQueueUrl = pathQueueUrl;
    }

    @Override
    public SqsRequest read() {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw SqsError.INVALID_ACTION.because(
                    "The X-Amz-Target header must name an action as " + TARGET_PREFIX + "<Action>.");
        }
        SqsAction action = SqsProtocol.action(target.substring(TARGET_PREFIX.length()));
        String text = body.text(malformedBody());
        JsonNode tree;
        try {
            tree = text.isEmpty() ? mapper.createObjectNode() : mapper.readTree(text);
        } catch (IOException e) {
            throw SqsError.SERIALIZATION_EXCEPTION.because("The request body is not valid JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw SqsError.SERIALIZATION_EXCEPTION.because("The request body must be a JSON object.");
        }
        return new SqsRequest(action, new Members((ObjectNode) tree), pathQueueUrl);
    }

    /** The members of the request's JSON object. */
    private record Members(ObjectNode tree) implements SqsRequest.Parameters {
        @Override
        public Optional<String> text(String name) {
            JsonNode node = tree.get(name);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isValueNode()) {
                throw SqsError.SERIALIZATION_EXCEPTION.because("The member " + name + " must be a single value.");
            }
            return Optional.of(node.asText());
        }

        @Override
        public Map<String, String> map(String name) {
            JsonNode node = tree.get(name);
            Map<String, String> map = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return map;
            }
            if (!node.isObject()) {
                throw SqsError.SERIALIZATION_EXCEPTION.because("The member " + name + " must be an object.");
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!entry.getValue().isValueNode()) {
                    throw SqsError.SERIALIZATION_EXCEPTION.because(
                            "The values of " + name + " must be strings: " + entry.getKey());
                }
                map.put(entry.getKey(), entry.getValue().asText());
            }
            return map;
        }

        @Override
        public List<String> list(String name) {
            JsonNode node = tree.get(name);
            List<String> list = new ArrayList<>();
            if (node == null || node.isNull()) {
                return list;
            }
            if (!node.isArray()) {
                throw SqsError.SERIALIZATION_EXCEPTION.because("The member " + name + " must be an array.");
            }
            node.forEach(item -> list.add(item.asText()));
            return list;
        }

        @Override
        public boolean present(String name) {
            JsonNode node = tree.get(name);
            return node != null && !node.isNull();
        }

        @Override
        public List<SqsRequest.Parameters> entries(String name) {
            JsonNode node = tree.get(name);
            List<SqsRequest.Parameters> entries = new ArrayList<>();
            if (node == null || node.isNull()) {
                return entries;
            }
            if (!node.isArray()) {
                throw SqsError.SERIALIZATION_EXCEPTION.because("The member " + name + " must be an array.");
            }
            for (JsonNode item : node) {
                entries.add(new Members(object(name, item)));
            }
            return entries;
        }

        @Override
        public Map<String, SqsRequest.Parameters> structures(String name) {
            JsonNode node = tree.get(name);
            Map<String, SqsRequest.Parameters> map = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return map;
            }
            if (!node.isObject()) {
                throw SqsError.SERIALIZATION_EXCEPTION.because("The member " + name + " must be an object.");
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                map.put(entry.getKey(), new Members(object(name + "." + entry.getKey(), entry.getValue())));
            }
            return map;
        }

        private static ObjectNode object(String name, JsonNode node) {
            if (!node.isObject()) {
                throw SqsError.SERIALIZATION_EXCEPTION.because("The member " + name + " must hold objects.");
            }
            return (ObjectNode) node;
        }
    }

    @Override
    public Response render(SqsAction action, SqsAnswer result, String requestId) {
        ObjectNode json = result == null ? mapper.createObjectNode() : toJson(result);
        return respond(200, json, requestId).build();
    }

    @Override
    public SqsError malformedBody() {
        return SqsError.SERIALIZATION_EXCEPTION;
    }

    @Override
    public Response renderError(SqsException error, String requestId) {
        ObjectNode json = mapper.createObjectNode()
                .put("__type", error.error().jsonType())
                .put("message", error.getMessage());
        return respond(error.error().status(), json, requestId)
                .header(
                        "x-amzn-query-error",
                        error.error().queryCode() + ";" + error.error().fault())
                .build();
    }

    private Response.ResponseBuilder respond(int status, ObjectNode json, String requestId) {
        // Bytes, not a String: Jersey would write a String through a writer with a buffer of its own per response.
        byte[] text;
        try {
            text = mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        return Response.status(status)
                .type(CONTENT_TYPE)
                .header("x-amzn-RequestId", requestId)
                .entity(text);
    }

    private ObjectNode toJson(SqsAnswer answer) {
        ObjectNode node = mapper.createObjectNode();
        answer.members().forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    private JsonNode toJson(Object value) {
        if (value instanceof SqsAnswer nested) {
            return toJson(nested);
        }
        if (value instanceof SqsAnswer.Keyed keyed) {
            ObjectNode object = mapper.createObjectNode();
            keyed.values().forEach((key, item) -> object.set(key, toJson(item)));
            return object;
        }
        if (value instanceof SqsAnswer.Repeated list) {
            ArrayNode array = mapper.createArrayNode();
            list.items().forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Boolean flag) {
            return mapper.getNodeFactory().booleanNode(flag);
        }
        if (value instanceof Long number) {
            return mapper.getNodeFactory().numberNode(number);
        }
        return mapper.getNodeFactory().textNode(String.valueOf(value));
    }
}
