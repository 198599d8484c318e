package dev.conveyor.postgres;

import dev.conveyor.application.port.MessageBrowser;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.MessageQuery;
import dev.conveyor.domain.Page;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Browse and search as plain reads of the messages table. Every criterion is a bound parameter of one fixed
 * statement (a search's attribute values travel as one JSON document, its path as text cast to {@code jsonpath}),
 * so no input can change the SQL. Rows are read in the primary key's order, (queue_id, id), which is creation
 * order for UUIDv7 ids, and the scan stops when the page is full.
 */
public final class JdbiMessageBrowser implements MessageBrowser {
    /**
     * A search whose criteria match few of a big queue's messages reads all of them; this bounds what one costs
     * the database (the pool's statement timeout, 30 s, is for legitimate long statements).
     */
    static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(10);

    private static final String COLUMNS = """
        id, queue_id, body, attributes::text AS attributes, label, delivery_attempts, created_at, visible_at,
        lease_expires_at, dead_letter_source_queue_id, dead_letter_reason, dead_lettered_at,
        attribute_types::text AS attribute_types, trace_header, first_delivered_at, group_id, sequence_number
        """;
    private static final String FIND = "SELECT " + COLUMNS + """
        FROM messages m
        WHERE queue_id = :queueId
          AND (CAST(:label AS text) IS NULL OR label = :label)
          AND (CAST(:text AS text) IS NULL OR strpos(lower(body), lower(:text)) > 0)
          -- Every key searched for holds one of its values: a key the message lacks holds none.
          AND (CAST(:attributes AS jsonb) IS NULL OR NOT EXISTS (
                SELECT 1 FROM jsonb_each(CAST(:attributes AS jsonb)) AS wanted(key, accepted)
                WHERE m.attributes ->> wanted.key IS NULL
                   OR m.attributes ->> wanted.key NOT IN (SELECT jsonb_array_elements_text(wanted.accepted))))
          -- Silent: a path that does not fit a body (a missing key, a string compared to a number) selects nothing
          -- instead of failing the search. An item "false" is what a predicate answers when it does not hold.
          AND (CAST(:jsonPath AS text) IS NULL OR EXISTS (
                SELECT 1 FROM jsonb_path_query(CAST(body AS jsonb), CAST(:jsonPath AS jsonpath), '{}', true) AS item
                WHERE item <> 'false'))
        ORDER BY id
        LIMIT :limit OFFSET :offset
        """;
    /** SQLSTATEs of a path PostgreSQL cannot parse (syntax error) or cannot run (a bad regular expression). */
    private static final List<String> BAD_PATH = List.of("42601", "2201B", "22P02");

    private static final String QUERY_CANCELED = "57014";

    private final JdbiSession session;

    public JdbiMessageBrowser(JdbiSession session) {
        this.session = session;
    }

    @Override
    public List<Message> find(String queueId, MessageQuery query, Page page) {
        if (query.isEverything()) {
            return read(queueId, query, page);
        }
        // A read: nothing to resolve if its COMMIT is lost, so no round trip to prepare for that.
        return session.inTransactionFailingOnLostCommit(() -> {
            session.withHandle(h -> h.execute("SET LOCAL statement_timeout = " + SEARCH_TIMEOUT.toMillis()));
            try {
                return read(queueId, query, page);
            } catch (StatementException e) {
                throw refusal(e, query);
            }
        });
    }

    private List<Message> read(String queueId, MessageQuery query, Page page) {
        return session.withHandle(h -> h.createQuery(FIND)
                .bind("queueId", queueId)
                .bind("label", query.label())
                .bind("text", query.text())
                .bind("attributes", query.attributes().isEmpty() ? null : JsonColumns.write(query.attributes()))
                .bind("jsonPath", query.jsonPath())
                .bind("limit", page.limit())
                .bind("offset", page.offset())
                .map((rs, ctx) -> JdbiMessageStore.message(rs))
                .list());
    }

    @Override
    public Optional<Message> get(String queueId, UUID messageId) {
        return session.withHandle(h -> h.createQuery("SELECT " + COLUMNS + """
            FROM messages
            WHERE queue_id = :queueId AND id = :id
            """)
                .bind("queueId", queueId)
                .bind("id", messageId)
                .map((rs, ctx) -> JdbiMessageStore.message(rs))
                .findOne());
    }

    private static RuntimeException refusal(StatementException e, MessageQuery query) {
        String state = PostgresErrors.sqlState(e).orElse("");
        if (query.jsonPath() != null && BAD_PATH.contains(state)) {
            return ConveyorException.invalid("json_path is not a valid SQL/JSON path: " + firstLine(e));
        }
        if (state.equals(QUERY_CANCELED)) {
            return ConveyorException.invalid("the search read messages for " + SEARCH_TIMEOUT.toSeconds()
                    + " s without filling the page: narrow it with attribute values or a label");
        }
        return e;
    }

    /** PostgreSQL's own words about the path (e.g. "syntax error at end of jsonpath input"), without SQL. */
    private static String firstLine(StatementException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage().getMessage();
            }
        }
        return "PostgreSQL could not read it";
    }
}
