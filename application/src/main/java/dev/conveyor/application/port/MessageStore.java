package dev.conveyor.application.port;

import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.Receipt;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Outgoing persistence port for the messages of queues, and the leases consumers hold on them. */
public interface MessageStore {
  /** One copy of a message to store in one queue. */
  record Envelope(String queueId, UUID id, NewMessage message, Instant visibleAt) {}

  /** The state of a message under a lease, as read before its lease is ended. */
  record Leased(Receipt receipt, int deliveryAttempts) {}

  /** Stores every envelope, created at {@code now}, in as few round trips as practical. */
  void append(Instant now, List<Envelope> envelopes);

  /**
   * Locks the given queues against concurrent publishing until the transaction ends and answers how many
   * messages each holds, so a capacity check cannot be raced past.
   */
  Map<String, Long> lockAndCount(Collection<String> queueIds);

  /**
   * Leases up to {@code max} messages of the queue that are visible at {@code now} (and carry {@code label},
   * when not null), longest-visible first, until {@code leaseEnd}; each gets a new lease and one more
   * delivery attempt. Messages created before {@code createdAfter} have outlived retention and are skipped.
   */
  List<Delivery> lease(String queueId, String label, int max, Instant now, Instant leaseEnd, Instant createdAfter);

  /** Deletes the messages whose current lease the receipts name; answers the receipts that took effect. */
  Set<Receipt> delete(String queueId, Collection<Receipt> receipts);

  /** Locks, until the transaction ends, the messages whose current lease the receipts name. */
  List<Leased> lockLeased(String queueId, Collection<Receipt> receipts);

  /** Ends the leases the receipts name, each message becoming visible at its given instant. */
  void release(String queueId, Map<Receipt, Instant> visibleAt);

  /** Moves the end of the leases the receipts name to {@code until}; answers the receipts that took effect. */
  Set<Receipt> extend(String queueId, Collection<Receipt> receipts, Instant until);

  /** The queue's stored messages, oldest first, without leasing them. */
  List<Message> browse(String queueId, Page page);

  /**
   * How many of the queue's messages are available, in flight and delayed at {@code now}. Messages created
   * before {@code createdAfter} have outlived retention: receive never hands them out, so they count nowhere.
   */
  QueueStats stats(String queueId, Instant now, Instant createdAfter);
}
