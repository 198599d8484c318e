package dev.conveyor.application.fakes;

import dev.conveyor.application.port.MessageBrowser;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.MessageQuery;
import dev.conveyor.domain.Page;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Browse over the in-memory store: attributes, text and label searched as the real adapter does; a JSON path needs
 * PostgreSQL's SQL/JSON engine, so only the real adapter's tests search by one.
 */
public final class InMemoryMessageBrowser implements MessageBrowser {
    private final MessageStore messages;

    public InMemoryMessageBrowser(MessageStore messages) {
        this.messages = messages;
    }

    @Override
    public List<Message> find(String queueId, MessageQuery query, Page page) {
        if (query.jsonPath() != null) {
            throw new UnsupportedOperationException("a JSON path is searched by PostgreSQL only");
        }
        return all(queueId).stream()
                .filter(m -> matches(m, query))
                .skip(page.offset())
                .limit(page.limit())
                .toList();
    }

    @Override
    public Optional<Message> get(String queueId, UUID messageId) {
        return all(queueId).stream().filter(m -> m.id().equals(messageId)).findFirst();
    }

    private List<Message> all(String queueId) {
        return messages.browse(queueId, new Page(Page.MAX_LIMIT, 0));
    }

    private static boolean matches(Message message, MessageQuery query) {
        boolean attributes = query.attributes().entrySet().stream()
                .allMatch(wanted ->
                        wanted.getValue().contains(message.attributes().get(wanted.getKey())));
        boolean text = query.text() == null
                || message.body().toLowerCase(Locale.ROOT).contains(query.text().toLowerCase(Locale.ROOT));
        boolean label = query.label() == null || query.label().equals(message.label());
        return attributes && text && label;
    }
}
