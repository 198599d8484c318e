package dev.conveyor.domain;

import java.util.List;
import java.util.Objects;

/**
 * Which queues may name a queue as their dead-letter queue: any queue, none, or only the listed ones (at most
 * {@value #MAX_SOURCES}, SQS's bound on its RedriveAllowPolicy). Checked whenever a queue's dead-letter queue is
 * set or changed to this one; queues already dead-lettering into it keep doing so when the policy changes, as on
 * SQS.
 *
 * @param sourceQueueIds the queues allowed under {@link Permission#BY_QUEUE}; empty for the other permissions
 */
public record RedriveAllowPolicy(Permission permission, List<String> sourceQueueIds) {
    public static final int MAX_SOURCES = 10;

    /** The default: any queue may dead-letter into this one. */
    public static final RedriveAllowPolicy ALLOW_ALL = new RedriveAllowPolicy(Permission.ALLOW_ALL, List.of());

    public static final RedriveAllowPolicy DENY_ALL = new RedriveAllowPolicy(Permission.DENY_ALL, List.of());

    public enum Permission {
        ALLOW_ALL,
        DENY_ALL,
        BY_QUEUE
    }

    public RedriveAllowPolicy {
        Objects.requireNonNull(permission, "permission");
        sourceQueueIds = sourceQueueIds == null ? List.of() : List.copyOf(sourceQueueIds);
        Violations v = new Violations();
        if (permission == Permission.BY_QUEUE) {
            v.check(
                    !sourceQueueIds.isEmpty() && sourceQueueIds.size() <= MAX_SOURCES,
                    "allowed_dead_letter_sources must list 1 to " + MAX_SOURCES + " queues");
            sourceQueueIds.forEach(id -> v.name("allowed_dead_letter_sources", id));
            v.check(
                    sourceQueueIds.stream().distinct().count() == sourceQueueIds.size(),
                    "allowed_dead_letter_sources must not list a queue twice");
        } else {
            v.check(sourceQueueIds.isEmpty(), "only a by-queue redrive allow policy lists source queues");
        }
        v.throwIfAny();
    }

    /**
     * The policy {@code /v1} writes as {@code allowed_dead_letter_sources}: null allows any queue, an empty list
     * none, otherwise the queues listed.
     */
    public static RedriveAllowPolicy ofAllowedSources(List<String> sourceQueueIds) {
        if (sourceQueueIds == null) {
            return ALLOW_ALL;
        }
        return sourceQueueIds.isEmpty() ? DENY_ALL : new RedriveAllowPolicy(Permission.BY_QUEUE, sourceQueueIds);
    }

    /** The inverse of {@link #ofAllowedSources}: null for any queue, empty for none, or the queues allowed. */
    public List<String> allowedSources() {
        return permission == Permission.ALLOW_ALL ? null : sourceQueueIds;
    }

    /** True when the queue {@code sourceQueueId} may name this policy's queue as its dead-letter queue. */
    public boolean allows(String sourceQueueId) {
        return switch (permission) {
            case ALLOW_ALL -> true;
            case DENY_ALL -> false;
            case BY_QUEUE -> sourceQueueIds.contains(sourceQueueId);
        };
    }
}
