package dev.conveyor.client;

import java.time.Instant;

/**
 * A topic: a name to publish to, whose messages go to every subscribed queue whose filter matches.
 *
 * @param id its name
 * @param createdAt when it was created
 */
public record Topic(String id, Instant createdAt) {}
