package dev.conveyor.application.port;

import java.util.Set;

/** Outgoing port that tells the other server instances that messages arrived in some queues. */
public interface ArrivalBroadcast {
    /** Announces, eventually and coalesced with other announcements, that the queues got messages. */
    void broadcast(Set<String> queueIds);

    ArrivalBroadcast NONE = queueIds -> {};
}
