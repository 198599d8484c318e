package dev.conveyor.client;

import java.util.List;

/**
 * A published message.
 *
 * @param id its id, a UUIDv7 assigned by the server (for a duplicate: the first message's id)
 * @param queueIds the queues that stored a copy: the queue published to, or the topic's matching subscribers
 * @param sequenceNumber its place in the FIFO queue published to; null otherwise
 */
public record Published(String id, List<String> queueIds, Long sequenceNumber) {}
