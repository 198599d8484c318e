package dev.conveyor.reliability.history;

/**
 * One call a recording client made, as the client saw it.
 *
 * <p>Both times come from {@link System#nanoTime()} of the one JVM that runs every recording client, so calls made
 * by different threads are comparable with each other (but not with the database's clock).
 */
public sealed interface Event permits Publish, Delivery, Settle {
    /** Names the call for a human tracing an example back to the client's log; the events of one call share it. */
    String opId();

    /** The recording client (a worker thread) that made the call. */
    String client();

    /** When the request was about to be sent. */
    long invokedNanos();

    /** When the answer came, or when the client gave up on it. */
    long completedNanos();
}
