package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.application.port.MessageStore.Leased;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.Receipt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} does: storing, leasing by visibility, and acting only on current leases. */
public abstract class MessageStoreContract extends PortContract {
  /** Long before anything here was created: nothing has outlived retention. */
  private static final Instant EPOCH = Instant.EPOCH;
  private static final Page ALL = Page.of(null, null);

  private long sequence;
  private MessageStore messages;

  @BeforeEach
  void queues() {
    queue("q");
    queue("other");
    messages = ports.messages();
  }

  /** A UUIDv7-shaped id, later than every one before it in this test. */
  private UUID nextId() {
    long millis = T0.toEpochMilli() + sequence++;
    return new UUID((millis << 16) | 0x7000L, 0x8000_0000_0000_0000L | sequence);
  }

  private UUID append(String queueId, String body, Instant visibleAt) {
    return append(queueId, new NewMessage(body, null, null, null), visibleAt);
  }

  private UUID append(String queueId, NewMessage message, Instant visibleAt) {
    UUID id = nextId();
    messages.append(T0, List.of(new Envelope(queueId, id, message, visibleAt)));
    return id;
  }

  private List<Delivery> lease(String queueId, int max, Instant now, Instant leaseEnd) {
    return messages.lease(queueId, null, max, now, leaseEnd, EPOCH);
  }

  private Delivery leaseOne(Instant now, Instant leaseEnd) {
    List<Delivery> deliveries = lease("q", 1, now, leaseEnd);
    assertThat(deliveries).hasSize(1);
    return deliveries.get(0);
  }

  private static Receipt unknownLease(UUID messageId) {
    return new Receipt(messageId, UUID.randomUUID());
  }

  @Test
  void storesEveryFieldOfANewMessage() {
    UUID id = nextId();
    NewMessage message = new NewMessage("{\"a\":[1,2]}", Map.of("k", "v", "region", "eu"), "urgent", null);

    messages.append(T0, List.of(new Envelope("q", id, message, T0.plusSeconds(5))));

    assertThat(messages.browse("q", ALL)).containsExactly(new Message(
        id, "q", "{\"a\":[1,2]}", Map.of("k", "v", "region", "eu"), "urgent", 0, T0, T0.plusSeconds(5), null));
  }

  @Test
  void storesABatchAcrossQueues() {
    UUID first = nextId();
    UUID second = nextId();
    NewMessage message = new NewMessage("1", null, null, null);

    messages.append(T0, List.of(new Envelope("q", first, message, T0), new Envelope("other", first, message, T0),
        new Envelope("q", second, message, T0)));

    assertThat(messages.browse("q", ALL)).extracting(Message::id).containsExactly(first, second);
    assertThat(messages.browse("other", ALL)).extracting(Message::id).containsExactly(first);
  }

  @Test
  void browsesOldestFirstAPageAtATime() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(append("q", String.valueOf(i), T0));
    }

    assertThat(messages.browse("q", ALL)).extracting(Message::id).containsExactlyElementsOf(ids);
    assertThat(messages.browse("q", new Page(2, 1))).extracting(Message::id).containsExactly(ids.get(1), ids.get(2));
    assertThat(messages.browse("other", ALL)).isEmpty();
  }

  @Test
  void browsingLeasesNothing() {
    append("q", "1", T0);

    messages.browse("q", ALL);

    assertThat(lease("q", 10, T0, T0.plusSeconds(30))).hasSize(1);
  }

  @Test
  void countsTheMessagesOfEachQueue() {
    append("q", "1", T0);
    append("q", "2", T0.plusSeconds(100));
    append("other", "3", T0);

    Map<String, Long> counts = ports.unitOfWork().inTransaction(() -> messages.lockAndCount(List.of("q", "other")));

    assertThat(counts).containsEntry("q", 2L).containsEntry("other", 1L);
  }

  @Test
  void countsAnEmptyQueueAsZero() {
    Map<String, Long> counts = ports.unitOfWork().inTransaction(() -> messages.lockAndCount(List.of("q")));

    assertThat(counts.getOrDefault("q", 0L)).isZero();
  }

  @Test
  void leasesOnlyMessagesVisibleAtNow() {
    UUID due = append("q", "due", T0);
    UUID justDue = append("q", "just due", T0.plusSeconds(10));
    append("q", "later", T0.plusSeconds(10).plusNanos(1000));

    List<Delivery> deliveries = lease("q", 10, T0.plusSeconds(10), T0.plusSeconds(40));

    assertThat(deliveries).extracting(d -> d.message().id()).containsExactly(due, justDue);
  }

  @Test
  void aLeaseCountsADeliveryAndHidesTheMessageUntilItEnds() {
    UUID id = append("q", "1", T0);
    Instant end = T0.plusSeconds(30);

    Delivery delivery = leaseOne(T0, end);

    assertThat(delivery.message().id()).isEqualTo(id);
    assertThat(delivery.message().deliveryAttempts()).isEqualTo(1);
    assertThat(delivery.message().visibleAt()).isEqualTo(end);
    assertThat(delivery.message().leaseExpiresAt()).isEqualTo(end);
    assertThat(delivery.receipt().messageId()).isEqualTo(id);
    assertThat(lease("q", 10, end.minusNanos(1000), end.plusSeconds(30))).isEmpty();
    assertThat(messages.browse("q", ALL).get(0).deliveryAttempts()).isEqualTo(1);
  }

  @Test
  void aLaterLeaseTakesANewLeaseId() {
    append("q", "1", T0);
    Delivery first = leaseOne(T0, T0.plusSeconds(30));

    Delivery second = leaseOne(T0.plusSeconds(30), T0.plusSeconds(60));

    assertThat(second.receipt().messageId()).isEqualTo(first.receipt().messageId());
    assertThat(second.receipt().leaseId()).isNotEqualTo(first.receipt().leaseId());
    assertThat(second.message().deliveryAttempts()).isEqualTo(2);
  }

  @Test
  void leasesTheLongestVisibleFirstThenByIdUpToMax() {
    UUID a = append("q", "a", T0.plusSeconds(3));
    UUID b = append("q", "b", T0.plusSeconds(1));
    UUID c = append("q", "c", T0.plusSeconds(2));
    UUID d = append("q", "d", T0.plusSeconds(1));

    List<Delivery> first = lease("q", 3, T0.plusSeconds(5), T0.plusSeconds(60));
    List<Delivery> rest = lease("q", 3, T0.plusSeconds(5), T0.plusSeconds(60));

    assertThat(first).extracting(x -> x.message().id()).containsExactly(b, d, c);
    assertThat(rest).extracting(x -> x.message().id()).containsExactly(a);
  }

  @Test
  void leasesOnlyTheLabelAskedFor() {
    UUID red = append("q", new NewMessage("1", null, "red", null), T0);
    append("q", new NewMessage("2", null, "blue", null), T0);
    append("q", "3", T0);

    List<Delivery> deliveries = messages.lease("q", "red", 10, T0, T0.plusSeconds(30), EPOCH);

    assertThat(deliveries).extracting(d -> d.message().id()).containsExactly(red);
    assertThat(lease("q", 10, T0, T0.plusSeconds(30))).hasSize(2);
  }

  @Test
  void skipsMessagesCreatedAtOrBeforeTheRetentionLimit() {
    append("q", "1", T0);

    assertThat(messages.lease("q", null, 10, T0.plusSeconds(100), T0.plusSeconds(130), T0)).isEmpty();
    assertThat(messages.lease("q", null, 10, T0.plusSeconds(100), T0.plusSeconds(130), T0.minusNanos(1000)))
        .hasSize(1);
  }

  @Test
  void leasesOnlyFromTheGivenQueue() {
    append("other", "1", T0);

    assertThat(lease("q", 10, T0, T0.plusSeconds(30))).isEmpty();
  }

  @Test
  void deleteActsOnlyOnCurrentLeases() {
    append("q", "1", T0);
    append("q", "2", T0);
    List<Delivery> deliveries = lease("q", 2, T0, T0.plusSeconds(30));
    Receipt current = deliveries.get(0).receipt();
    Receipt stale = unknownLease(deliveries.get(1).receipt().messageId());

    assertThat(messages.delete("other", List.of(current))).isEmpty();
    assertThat(messages.delete("q", List.of(current, stale))).containsExactly(current);

    assertThat(messages.browse("q", ALL)).extracting(Message::id)
        .containsExactly(deliveries.get(1).message().id());
  }

  @Test
  void aReceiptGoesStaleWhenTheMessageIsLeasedAgain() {
    append("q", "1", T0);
    Receipt first = leaseOne(T0, T0.plusSeconds(30)).receipt();
    Receipt second = leaseOne(T0.plusSeconds(30), T0.plusSeconds(60)).receipt();

    assertThat(messages.delete("q", List.of(first))).isEmpty();
    assertThat(messages.delete("q", List.of(second))).containsExactly(second);
  }

  @Test
  void aNeverLeasedMessageMatchesNoReceipt() {
    UUID id = append("q", "1", T0);

    assertThat(messages.delete("q", List.of(unknownLease(id)))).isEmpty();
    assertThat(messages.extend("q", List.of(unknownLease(id)), T0.plusSeconds(5))).isEmpty();
    assertThat(messages.lockLeased("q", List.of(unknownLease(id)))).isEmpty();
  }

  @Test
  void locksTheCurrentLeasesWithTheirDeliveryCounts() {
    append("q", "1", T0);
    append("q", "2", T0);
    List<Delivery> deliveries = lease("q", 2, T0, T0.plusSeconds(30));
    Receipt current = deliveries.get(0).receipt();
    Receipt stale = unknownLease(deliveries.get(1).receipt().messageId());

    List<Leased> locked = ports.unitOfWork().inTransaction(() -> messages.lockLeased("q", List.of(current, stale)));

    assertThat(locked).containsExactly(new Leased(current, 1));
  }

  @Test
  void releaseEndsTheLeaseAndKeepsTheReceiptCurrent() {
    append("q", "1", T0);
    Receipt receipt = leaseOne(T0, T0.plusSeconds(30)).receipt();

    messages.release("q", Map.of(receipt, T0.plusSeconds(10)));

    Message released = messages.browse("q", ALL).get(0);
    assertThat(released.visibleAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(released.leaseExpiresAt()).isNull();
    assertThat(released.deliveryAttempts()).isEqualTo(1);
    assertThat(lease("q", 1, T0.plusSeconds(9), T0.plusSeconds(60))).isEmpty();
    // Nobody received it since: the receipt still names its latest delivery.
    assertThat(messages.delete("q", List.of(receipt))).containsExactly(receipt);
  }

  @Test
  void releaseIgnoresStaleReceiptsAndOtherQueues() {
    append("q", "1", T0);
    Receipt receipt = leaseOne(T0, T0.plusSeconds(30)).receipt();

    messages.release("q", Map.of(unknownLease(receipt.messageId()), T0));
    messages.release("other", Map.of(receipt, T0));

    Message stillLeased = messages.browse("q", ALL).get(0);
    assertThat(stillLeased.visibleAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(stillLeased.leaseExpiresAt()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void extendMovesTheEndOfCurrentLeasesOnly() {
    append("q", "1", T0);
    append("q", "2", T0);
    List<Delivery> deliveries = lease("q", 2, T0, T0.plusSeconds(30));
    Receipt current = deliveries.get(0).receipt();
    Receipt stale = unknownLease(deliveries.get(1).receipt().messageId());
    Instant until = T0.plusSeconds(300);

    assertThat(messages.extend("q", List.of(current, stale), until)).containsExactly(current);
    assertThat(messages.extend("other", List.of(current), T0)).isEmpty();

    List<Message> stored = messages.browse("q", ALL);
    assertThat(stored.get(0).visibleAt()).isEqualTo(until);
    assertThat(stored.get(0).leaseExpiresAt()).isEqualTo(until);
    assertThat(stored.get(1).visibleAt()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void extendingToNowReleasesTheMessage() {
    append("q", "1", T0);
    Receipt receipt = leaseOne(T0, T0.plusSeconds(30)).receipt();

    messages.extend("q", List.of(receipt), T0.plusSeconds(1));

    assertThat(lease("q", 1, T0.plusSeconds(1), T0.plusSeconds(31))).hasSize(1);
  }

  @Test
  void countsMessagesByState() {
    Instant now = T0.plusSeconds(10);
    append("q", "lease ended", T0);
    leaseOne(T0, T0.plusSeconds(5));
    append("q", "in flight", T0);
    append("q", "released with a wait", T0);
    List<Delivery> leased = lease("q", 2, T0.plusSeconds(1), T0.plusSeconds(30));
    assertThat(leased).extracting(d -> d.message().body()).containsExactly("in flight", "released with a wait");
    messages.release("q", Map.of(leased.get(1).receipt(), now.plusSeconds(5)));
    append("q", "available", T0);
    append("q", "delayed", T0.plusSeconds(60));
    append("other", "elsewhere", T0);

    QueueStats stats = messages.stats("q", now, Instant.EPOCH);

    assertThat(stats).isEqualTo(new QueueStats("q", 2, 1, 2, 10L));
  }

  @Test
  void statsOfAnEmptyQueueHaveNoOldestAge() {
    assertThat(messages.stats("q", T0, Instant.EPOCH)).isEqualTo(new QueueStats("q", 0, 0, 0, null));
  }

  @Test
  void statsLeaveOutMessagesPastRetention() {
    messages.append(T0, List.of(new MessageStore.Envelope("q", new UUID(1, 1), new NewMessage("1", null, null, null), T0)));
    Instant later = T0.plusSeconds(120);
    messages.append(later, List.of(new MessageStore.Envelope("q", new UUID(1, 2), new NewMessage("2", null, null, null), later)));
    assertThat(messages.stats("q", later, T0.plusSeconds(60))).isEqualTo(new QueueStats("q", 1, 0, 0, 0L));
    assertThat(messages.stats("q", later, Instant.EPOCH)).isEqualTo(new QueueStats("q", 2, 0, 0, 120L));
  }
}
