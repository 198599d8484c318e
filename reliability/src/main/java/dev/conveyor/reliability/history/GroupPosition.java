package dev.conveyor.reliability.history;

/**
 * Where a message of a FIFO queue stands: the group it was published to and the sequence number the server gave it,
 * both shown by every delivery of it.
 *
 * @param sequenceNumber increasing in publish order within the queue, so it orders a group's messages
 */
public record GroupPosition(String groupId, long sequenceNumber) {

    public GroupPosition {
        Require.text(groupId, "groupId");
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException(
                    "group " + groupId + " shows sequence number " + sequenceNumber + ": they are not negative");
        }
    }
}
