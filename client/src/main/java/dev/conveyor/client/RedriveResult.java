package dev.conveyor.client;

/**
 * What a redrive did.
 *
 * @param moved messages moved
 * @param skipped redriving to the sources only: messages left where they were; null otherwise
 * @param skippedByReason redriving to the sources only: those messages by why; null otherwise
 */
public record RedriveResult(long moved, Long skipped, Skipped skippedByReason) {
    /**
     * The messages a redrive to the sources left where they were, by why.
     *
     * @param notDeadLettered they carry no source (never dead-lettered, or redriven since)
     * @param sourceQueueMissing their source queue has been deleted
     * @param sourceIsThisQueue their source is the queue redriven
     */
    public record Skipped(long notDeadLettered, long sourceQueueMissing, long sourceIsThisQueue) {}
}
