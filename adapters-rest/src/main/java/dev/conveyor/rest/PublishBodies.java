package dev.conveyor.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.rest.dto.PublishMessageRequest;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;

/** Reads a publish body, one message object or an array of them, into validated messages. */
public final class PublishBodies {
    private final ObjectMapper mapper;
    private final JavaType listType;

    public PublishBodies(ObjectMapper mapper) {
        this.mapper = mapper;
        this.listType = mapper.getTypeFactory().constructCollectionType(List.class, PublishMessageRequest.class);
    }

    /** Every message, or a refusal listing every broken rule, each prefixed by its message's index in an array. */
    public List<NewMessage> messages(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ConveyorException.invalid("a JSON request body is required: a message object or an array of them");
        }
        if (!body.isArray() && !body.isObject()) {
            throw ConveyorException.invalid("the request body must be a message object or an array of them");
        }
        List<PublishMessageRequest> requests;
        try {
            requests = body.isArray()
                    ? mapper.treeToValue(body, listType)
                    : List.of(mapper.treeToValue(body, PublishMessageRequest.class));
        } catch (JsonProcessingException e) {
            // Answered like any other body that does not fit its type.
            throw new WebApplicationException(e, JsonErrorMapper.answer(e));
        }
        if (body.isArray() && (requests.isEmpty() || requests.size() > 100)) {
            throw ConveyorException.invalid("a publish must carry 1 to 100 messages");
        }
        List<NewMessage> messages = new ArrayList<>(requests.size());
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            PublishMessageRequest request = requests.get(i);
            if (request == null) {
                errors.add("[" + i + "] must be a message object");
                continue;
            }
            try {
                messages.add(request.toNewMessage());
            } catch (ConveyorException invalid) {
                String prefix = body.isArray() ? "[" + i + "]." : "";
                invalid.errors().forEach(error -> errors.add(prefix + error));
            }
        }
        if (!errors.isEmpty()) {
            throw ConveyorException.invalid(errors);
        }
        return messages;
    }
}
