package dev.conveyor.application;

import dev.conveyor.application.port.DeduplicationStore;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.PurgeRule;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.Violations;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Use cases of keeping queues in order: cleanup (retention, exhausted messages, expired deduplication records),
 * purge, redrive (to a queue, or back to the sources).
 */
public final class MaintenanceService {
    /** How many messages one statement of a redrive or a cleanup moves or deletes at most. */
    static final int BATCH = 1000;

    private final QueueRepository queues;
    private final MessageStore messages;
    private final DeadLetters deadLetters;
    private final InstantSource clock;
    private final QueueMetrics metrics;
    private final ArrivalBoard arrivals;
    /** Null when the cleanup has no deduplication records to delete. */
    private final DeduplicationStore deduplications;

    /** A maintenance that leaves deduplication records alone. */
    public MaintenanceService(
            QueueRepository queues,
            MessageStore messages,
            InstantSource clock,
            QueueMetrics metrics,
            ArrivalBoard arrivals) {
        this(queues, messages, clock, metrics, arrivals, null);
    }

    public MaintenanceService(
            QueueRepository queues,
            MessageStore messages,
            InstantSource clock,
            QueueMetrics metrics,
            ArrivalBoard arrivals,
            DeduplicationStore deduplications) {
        this.deduplications = deduplications;
        this.queues = queues;
        this.messages = messages;
        this.deadLetters = new DeadLetters(queues, messages, metrics);
        this.clock = clock;
        this.metrics = metrics;
        this.arrivals = arrivals;
    }

    /** Cleans up one queue: see {@link #cleanupAll()}. */
    public CleanupReport cleanup(String queueId) {
        Queue queue = queues.require(queueId);
        return new CleanupReport(List.of(clean(queue)));
    }

    /**
     * Deletes the messages older than their queue's retention and moves the exhausted ones whose lease ran
     * out to the dead-letter queue (or drops them), queue by queue, in bounded batches that each commit on
     * their own. Rows locked by a concurrent run are skipped, so several instances running it at once do each
     * piece of work once. Then deletes the expired deduplication records, in batches too. Reports the queues it
     * changed, and how many records it deleted.
     */
    public CleanupReport cleanupAll() {
        List<CleanupReport.QueueCleanup> changed = new ArrayList<>();
        EveryQueue.forEach(queues, queue -> {
            CleanupReport.QueueCleanup done = clean(queue);
            if (done.changedSomething()) {
                changed.add(done);
            }
        });
        return new CleanupReport(changed, deleteExpiredDeduplications());
    }

    private long deleteExpiredDeduplications() {
        if (deduplications == null) {
            return 0;
        }
        Instant now = Now.of(clock);
        long deleted = 0;
        int batch;
        do {
            batch = deduplications.deleteExpired(now, BATCH);
            deleted += batch;
        } while (batch == BATCH);
        return deleted;
    }

    private CleanupReport.QueueCleanup clean(Queue queue) {
        Instant now = Now.of(clock);
        long expired = 0;
        int batch;
        do {
            batch = messages.deleteExpired(
                    queue.id(), now.minus(queue.settings().retention()), BATCH);
            expired += batch;
            metrics.expired(queue.id(), batch);
        } while (batch == BATCH);
        long retired = 0;
        if (queue.settings().maxDeliveries() != null) {
            do {
                batch = deadLetters.retireExhausted(queue, now);
                retired += batch;
            } while (batch == DeadLetters.BATCH);
        }
        boolean dropping = queue.settings().deadLetterQueueId() == null;
        if (retired > 0 && !dropping) {
            // Long polls on the dead-letter queue hear of them now, not at their next look.
            arrivals.announce(Set.of(queue.settings().deadLetterQueueId()));
        }
        return new CleanupReport.QueueCleanup(queue.id(), expired, dropping ? 0 : retired, dropping ? retired : 0);
    }

    /** Deletes every message of the queue, leased ones too: their receipts stop working. */
    public long purge(String queueId) {
        queues.require(queueId);
        return messages.purge(queueId);
    }

    /**
     * As {@link #purge}, but at most once in {@link PurgeRule#INTERVAL} (SQS's PurgeQueue): refused as in progress
     * when the queue was purged so less than that ago, by any instance.
     */
    public long purgeAtMostOncePerInterval(String queueId) {
        queues.require(queueId);
        Instant now = Now.of(clock);
        if (!queues.recordPurge(queueId, now, PurgeRule.lastAllowedBefore(now))) {
            queues.require(queueId); // deleted meanwhile: not found, not in progress
            throw PurgeRule.inProgress(queueId);
        }
        return messages.purge(queueId);
    }

    /**
     * Moves the queue's messages that are not leased right now (all, only {@code ids}, or at most
     * {@code maxMessages}) to {@code destinationId}, visible at once with no delivery attempts, in batches
     * that each commit on their own, so a large redrive never holds one long transaction.
     */
    public long redrive(String queueId, String destinationId, List<String> ids, Long maxMessages) {
        Violations v = new Violations().name("destination_queue_id", destinationId);
        v.check(!queueId.equals(destinationId), "destination_queue_id must name another queue");
        List<UUID> parsed = selection(v, ids, maxMessages);
        v.throwIfAny();
        queues.require(queueId).checkRedriveTo(queues.require(destinationId));
        long moved = 0;
        while (maxMessages == null || moved < maxMessages) {
            int want = want(maxMessages, moved);
            int batch = messages.redrive(queueId, destinationId, Now.of(clock), parsed, want);
            moved += batch;
            if (batch < want) {
                break;
            }
        }
        if (moved > 0) {
            arrivals.announce(Set.of(destinationId)); // visible at once: waiting long polls can have them
        }
        return moved;
    }

    /**
     * Moves each of the queue's messages that are not leased right now (all, only {@code ids}, or at most
     * {@code maxMessages} moved) back to the queue it was dead-lettered from, as {@link #redrive} moves them,
     * oldest first and in batches that each commit on their own. A message with no source to go back to (never
     * dead-lettered, or its source queue deleted since) stays where it is and is counted by why.
     */
    public RedriveReport redriveToSources(String queueId, List<String> ids, Long maxMessages) {
        Violations v = new Violations();
        List<UUID> parsed = selection(v, ids, maxMessages);
        v.throwIfAny();
        queues.require(queueId);
        long moved = 0;
        Map<RedriveReport.Skip, Long> skipped = new EnumMap<>(RedriveReport.Skip.class);
        Set<String> destinations = new HashSet<>();
        UUID after = null;
        while (maxMessages == null || moved < maxMessages) {
            List<MessageStore.Returned> batch =
                    messages.redriveToSources(queueId, Now.of(clock), parsed, after, BATCH, want(maxMessages, moved));
            for (MessageStore.Returned returned : batch) {
                if (returned.moved()) {
                    moved++;
                    destinations.add(returned.sourceQueueId());
                } else {
                    skipped.merge(skip(queueId, returned.sourceQueueId()), 1L, Long::sum);
                }
            }
            if (batch.size() < BATCH) {
                break; // no more, or max_messages reached
            }
            after = batch.get(batch.size() - 1).id();
        }
        if (!destinations.isEmpty()) {
            arrivals.announce(destinations); // visible at once: waiting long polls can have them
        }
        return new RedriveReport(moved, skipped);
    }

    /** Why a message the store did not move back stayed. */
    private static RedriveReport.Skip skip(String queueId, String sourceQueueId) {
        if (sourceQueueId == null) {
            return RedriveReport.Skip.NOT_DEAD_LETTERED;
        }
        return sourceQueueId.equals(queueId)
                ? RedriveReport.Skip.SOURCE_IS_THIS_QUEUE
                : RedriveReport.Skip.SOURCE_QUEUE_MISSING;
    }

    /** How many messages the next batch may take: a full batch, or what is left of max_messages. */
    private static int want(Long maxMessages, long moved) {
        return maxMessages == null ? BATCH : (int) Math.min(BATCH, maxMessages - moved);
    }

    /** Checks a redrive's ids and max_messages into {@code v}; answers the ids parsed, or null for all. */
    private static List<UUID> selection(Violations v, List<String> ids, Long maxMessages) {
        if (maxMessages != null) {
            v.check(maxMessages >= 1, "max_messages must be at least 1");
        }
        if (ids == null) {
            return null;
        }
        v.check(!ids.isEmpty() && ids.size() <= 1000, "ids must list 1 to 1000 message ids");
        List<UUID> parsed = new ArrayList<>();
        for (String id : ids) {
            UUID uuid = null;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException | NullPointerException notAnId) {
                // reported below
            }
            // UUID.fromString also takes short forms like 1-1-1-1-1; only the canonical spelling is an id.
            if (uuid != null && uuid.toString().equalsIgnoreCase(id)) {
                parsed.add(uuid);
            } else {
                v.check(false, "ids must hold message ids; '" + id + "' is not one");
            }
        }
        return parsed;
    }
}
