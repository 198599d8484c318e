package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MessageStore.DeadLetter;
import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.application.port.MessageStore.Leased;
import dev.conveyor.application.port.MessageStore.Returned;
import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.domain.DeadLetterReason;
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
import java.util.Set;
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
    void anEnvelopeForAQueueThatNoLongerExistsIsNotStoredAndTheRestOfTheBatchIs() {
        queue("gone");
        ports.queues().delete("gone");
        UUID kept = nextId();
        UUID dropped = nextId();

        messages.append(
                T0,
                List.of(
                        new Envelope("q", kept, new NewMessage("1", null, null, null), T0),
                        new Envelope("gone", dropped, new NewMessage("2", null, null, null), T0)));

        assertThat(messages.browse("q", ALL)).extracting(Message::id).containsExactly(kept);
        assertThat(messages.browse("gone", ALL)).isEmpty();
    }

    @Test
    void storesEveryFieldOfANewMessage() {
        UUID id = nextId();
        NewMessage message = new NewMessage("{\"a\":[1,2]}", Map.of("k", "v", "region", "eu"), "urgent", null);

        messages.append(T0, List.of(new Envelope("q", id, message, T0.plusSeconds(5))));

        assertThat(messages.browse("q", ALL))
                .containsExactly(new Message(
                        id,
                        "q",
                        "{\"a\":[1,2]}",
                        Map.of("k", "v", "region", "eu"),
                        "urgent",
                        0,
                        T0,
                        T0.plusSeconds(5),
                        null,
                        null));
    }

    @Test
    void storesTypedAttributesAndTheTraceHeaderAndHandsThemBackOnEveryRead() {
        NewMessage typed = new NewMessage(
                "\"typed\"",
                Map.of("price", "4563442423554324324264524243.32543234", "blob", "SGk=", "name", "x"),
                null,
                null,
                Map.of("price", "Number.float", "blob", "Binary", "name", "String"),
                "Root=1-5759e988-bd862e3fe1be46a994272793");
        UUID id = append("q", typed, T0);

        Message stored = stored("q", id);
        Message delivered = leaseOne(T0, T0.plusSeconds(10)).message();

        for (Message message : List.of(stored, delivered)) {
            assertThat(message.attributes()).isEqualTo(typed.attributes());
            // A plain String is no type to keep.
            assertThat(message.attributeTypes()).isEqualTo(Map.of("price", "Number.float", "blob", "Binary"));
            assertThat(message.traceHeader()).isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
        }
        assertThat(stored.firstDeliveredAt()).isNull();
    }

    @Test
    void theFirstDeliveryIsRecordedByTheFirstLeaseAndKeptByTheNext() {
        append("q", "once", T0);

        assertThat(leaseOne(T0.plusSeconds(1), T0.plusSeconds(10)).message().firstDeliveredAt())
                .isEqualTo(T0.plusSeconds(1));
        Message again = leaseOne(T0.plusSeconds(10), T0.plusSeconds(20)).message();

        assertThat(again.deliveryAttempts()).isEqualTo(2);
        assertThat(again.firstDeliveredAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void storesABatchAcrossQueues() {
        UUID first = nextId();
        UUID second = nextId();
        NewMessage message = new NewMessage("1", null, null, null);

        messages.append(
                T0,
                List.of(
                        new Envelope("q", first, message, T0),
                        new Envelope("other", first, message, T0),
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
        assertThat(messages.browse("q", new Page(2, 1)))
                .extracting(Message::id)
                .containsExactly(ids.get(1), ids.get(2));
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

        assertThat(messages.lease("q", null, 10, T0.plusSeconds(100), T0.plusSeconds(130), T0))
                .isEmpty();
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

        assertThat(messages.browse("q", ALL))
                .extracting(Message::id)
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
        assertThat(messages.extend("q", List.of(unknownLease(id)), T0.plusSeconds(5)))
                .isEmpty();
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
    void extendOfRunningLeasesOnlyLeavesEndedAndReleasedOnesAsTheyAre() {
        append("q", "running", T0);
        append("q", "ended", T0);
        append("q", "released", T0);
        List<Delivery> deliveries = lease("q", 3, T0, T0.plusSeconds(30));
        Receipt running = deliveries.get(0).receipt();
        Receipt ended = deliveries.get(1).receipt();
        Receipt released = deliveries.get(2).receipt();
        messages.extend("q", List.of(ended), T0.plusSeconds(10));
        messages.release("q", Map.of(released, T0.plusSeconds(60)));
        Instant now = T0.plusSeconds(10);

        assertThat(messages.extend("q", List.of(running, ended, released), now.plusSeconds(100), now))
                .containsExactly(running);

        List<Message> stored = messages.browse("q", ALL);
        assertThat(stored.get(0).leaseExpiresAt()).isEqualTo(now.plusSeconds(100));
        assertThat(stored.get(1).visibleAt()).isEqualTo(now);
        assertThat(stored.get(1).leaseExpiresAt()).isEqualTo(now);
        assertThat(stored.get(2).visibleAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(stored.get(2).leaseExpiresAt()).isNull();
        // Without the condition, an ended lease is leased again under the same receipt.
        assertThat(messages.extend("q", List.of(ended), now.plusSeconds(100))).containsExactly(ended);
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
    void statsOfManyQueuesCountEachAsItsOwnStatsWould() {
        Instant now = T0.plusSeconds(100);
        queue("a");
        queue("b");
        queue("c");
        append("a", "old", T0);
        Instant young = T0.plusSeconds(90);
        messages.append(
                young,
                List.of(
                        new Envelope("a", nextId(), new NewMessage("young", null, null, null), young),
                        new Envelope("a", nextId(), new NewMessage("delayed", null, null, null), T0.plusSeconds(500))));
        append("b", "leased", T0);
        List<Delivery> leased = lease("b", 1, T0.plusSeconds(1), T0.plusSeconds(300));
        assertThat(leased).hasSize(1);
        append("b", "exhausted", T0);
        lease("b", 1, T0.plusSeconds(2), T0.plusSeconds(3)); // its lease ends at +3: exhausted after 1 delivery
        append("c", "elsewhere", T0);
        append("q", "elsewhere too", T0);
        List<MessageStore.StatsScope> scopes = List.of(
                new MessageStore.StatsScope("b", Instant.EPOCH, 1),
                new MessageStore.StatsScope("a", T0.plusSeconds(30), null),
                new MessageStore.StatsScope("empty", Instant.EPOCH, null));

        List<QueueStats> all = messages.stats(now, scopes);

        assertThat(all)
                .containsExactly(
                        messages.stats("b", now, Instant.EPOCH, 1),
                        messages.stats("a", now, T0.plusSeconds(30), null),
                        messages.stats("empty", now, Instant.EPOCH, null));
        assertThat(all)
                .containsExactly(
                        new QueueStats("b", 0, 1, 0, null),
                        new QueueStats("a", 1, 0, 1, 10L),
                        new QueueStats("empty", 0, 0, 0, null));
    }

    @Test
    void statsOfAnEmptyQueueHaveNoOldestAge() {
        assertThat(messages.stats("q", T0, Instant.EPOCH)).isEqualTo(new QueueStats("q", 0, 0, 0, null));
    }

    @Test
    void statsLeaveOutMessagesPastRetention() {
        messages.append(
                T0, List.of(new MessageStore.Envelope("q", new UUID(1, 1), new NewMessage("1", null, null, null), T0)));
        Instant later = T0.plusSeconds(120);
        messages.append(
                later,
                List.of(new MessageStore.Envelope("q", new UUID(1, 2), new NewMessage("2", null, null, null), later)));
        assertThat(messages.stats("q", later, T0.plusSeconds(60))).isEqualTo(new QueueStats("q", 1, 0, 0, 0L));
        assertThat(messages.stats("q", later, Instant.EPOCH)).isEqualTo(new QueueStats("q", 2, 0, 0, 120L));
    }

    // ---- Failure handling: exhausted messages, retention, purge, redrive ----

    /** A UUIDv7-shaped id carrying the milliseconds of {@code createdAt}, as the server's ids do. */
    private UUID idCreatedAt(Instant createdAt) {
        sequence++;
        return new UUID((createdAt.toEpochMilli() << 16) | 0x7000L, 0x8000_0000_0000_0000L | sequence);
    }

    /** Stores a message created at {@code createdAt}, visible from then on. */
    private UUID appendCreatedAt(String queueId, String body, Instant createdAt) {
        UUID id = idCreatedAt(createdAt);
        messages.append(
                createdAt, List.of(new Envelope(queueId, id, new NewMessage(body, null, null, null), createdAt)));
        return id;
    }

    /** Leases the one message labelled {@code label} of queue q at {@code now} until {@code leaseEnd}. */
    private Delivery leaseLabelled(String label, Instant now, Instant leaseEnd) {
        List<Delivery> deliveries = messages.lease("q", label, 1, now, leaseEnd, EPOCH);
        assertThat(deliveries).as("lease of '%s' at %s", label, now).hasSize(1);
        return deliveries.get(0);
    }

    /** A message labelled {@code label} in queue q, delivered {@code times} times, the last lease ending at T0+10·times s. */
    private UUID deliveredTimes(String label, int times) {
        UUID id = append("q", new NewMessage("{\"label\":\"" + label + "\"}", Map.of("k", label), label, null), T0);
        for (int i = 0; i < times; i++) {
            leaseLabelled(label, T0.plusSeconds(10L * i), T0.plusSeconds(10L * (i + 1)));
        }
        return id;
    }

    private Message stored(String queueId, UUID id) {
        return messages.browse(queueId, new Page(Page.MAX_LIMIT, 0)).stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("message " + id + " is not in queue " + queueId));
    }

    private List<UUID> idsIn(String queueId) {
        return messages.browse(queueId, new Page(Page.MAX_LIMIT, 0)).stream()
                .map(Message::id)
                .toList();
    }

    @Test
    void leaseWithMaxDeliveriesSkipsExhaustedMessages() {
        UUID twice = append("q", "twice", T0);
        leaseOne(T0, T0.plusSeconds(10));
        UUID once = append("q", "once", T0.plusSeconds(10));
        assertThat(lease("q", 10, T0.plusSeconds(10), T0.plusSeconds(20)))
                .extracting(d -> d.message().id())
                .containsExactlyInAnyOrder(twice, once);

        List<Delivery> bounded = messages.lease("q", null, 10, T0.plusSeconds(20), T0.plusSeconds(30), EPOCH, 2);

        assertThat(bounded).extracting(d -> d.message().id()).containsExactly(once);
        assertThat(bounded.get(0).message().deliveryAttempts()).isEqualTo(2);
        // The exhausted message stays where it is, untouched, waiting for retireExhausted.
        Message exhausted = stored("q", twice);
        assertThat(exhausted.deliveryAttempts()).isEqualTo(2);
        assertThat(exhausted.visibleAt()).isEqualTo(T0.plusSeconds(20));
        // Without a bound (or with a higher one) it would still be leased.
        assertThat(messages.lease("q", null, 10, T0.plusSeconds(20), T0.plusSeconds(30), EPOCH, 3))
                .extracting(d -> d.message().id())
                .containsExactly(twice);
    }

    @Test
    void labelledLeaseWithMaxDeliveriesSkipsExhaustedMessages() {
        deliveredTimes("red", 1);

        assertThat(messages.lease("q", "red", 10, T0.plusSeconds(10), T0.plusSeconds(40), EPOCH, 1))
                .isEmpty();
        assertThat(messages.lease("q", "red", 10, T0.plusSeconds(10), T0.plusSeconds(40), EPOCH, 2))
                .hasSize(1);
    }

    @Test
    void retireExhaustedMovesOnlyExhaustedMessagesWhoseLeaseEndedIntoTheTarget() {
        queue("dlq");
        UUID exhausted = deliveredTimes("exhausted", 2); // 2 deliveries, the last lease ended at T0+20
        UUID leased = deliveredTimes("leased", 1);
        leaseLabelled("leased", T0.plusSeconds(10), T0.plusSeconds(100)); // 2 deliveries, leased until T0+100
        UUID once = deliveredTimes("once", 1); // 1 delivery, lease ended at T0+10
        UUID never = append("q", "never", T0);
        Message before = stored("q", exhausted);
        Instant now = T0.plusSeconds(25);

        int moved = messages.retireExhausted("q", 2, now, new DeadLetter("dlq", T0.plusSeconds(40), now), 10);

        assertThat(moved).isEqualTo(1);
        assertThat(idsIn("q")).containsExactlyInAnyOrder(leased, once, never);
        assertThat(messages.browse("dlq", ALL))
                .containsExactly(new Message(
                        exhausted,
                        "dlq",
                        before.body(),
                        before.attributes(),
                        "exhausted",
                        0,
                        before.createdAt(),
                        T0.plusSeconds(40),
                        null,
                        new DeadLetterOrigin("q", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED, now)));
        assertThat(before.attributes()).isEqualTo(Map.of("k", "exhausted"));
        assertThat(before.createdAt()).isEqualTo(T0);
        // Visible in the target only from the target's visibleAt on.
        assertThat(lease("dlq", 10, T0.plusSeconds(40).minusNanos(1000), T0.plusSeconds(70)))
                .isEmpty();
        assertThat(lease("dlq", 10, T0.plusSeconds(40), T0.plusSeconds(70))).hasSize(1);
    }

    @Test
    void retireExhaustedTakesAMessageWhoseLeaseEndsExactlyNowButNotBefore() {
        queue("dlq");
        UUID exhausted = deliveredTimes("e", 1); // lease ends at T0+10
        DeadLetter target = new DeadLetter("dlq", T0.plusSeconds(10), T0);

        assertThat(messages.retireExhausted("q", 1, T0.plusSeconds(10).minusNanos(1000), target, 10))
                .isZero();
        assertThat(idsIn("q")).containsExactly(exhausted);

        assertThat(messages.retireExhausted("q", 1, T0.plusSeconds(10), target, 10))
                .isEqualTo(1);
        assertThat(idsIn("q")).isEmpty();
        assertThat(idsIn("dlq")).containsExactly(exhausted);
    }

    @Test
    void retireExhaustedCountsMessagesBeyondTheMaximumAsExhausted() {
        queue("dlq");
        UUID three = deliveredTimes("three", 3);

        assertThat(messages.retireExhausted("q", 2, T0.plusSeconds(30), new DeadLetter("dlq", T0, T0), 10))
                .isEqualTo(1);
        assertThat(idsIn("dlq")).containsExactly(three);
    }

    @Test
    void retireExhaustedLeavesOtherQueuesAlone() {
        queue("dlq");
        UUID elsewhere = append("other", "elsewhere", T0);
        messages.lease("other", null, 1, T0, T0.plusSeconds(10), EPOCH);

        assertThat(messages.retireExhausted("q", 1, T0.plusSeconds(20), new DeadLetter("dlq", T0, T0), 10))
                .isZero();
        assertThat(idsIn("other")).containsExactly(elsewhere);
        assertThat(idsIn("dlq")).isEmpty();
    }

    @Test
    void retireExhaustedWithoutATargetDeletesThem() {
        queue("dlq");
        deliveredTimes("a", 1);
        deliveredTimes("b", 1);
        UUID notYet = append("q", "not yet delivered", T0);

        int dropped = messages.retireExhausted("q", 1, T0.plusSeconds(10), null, 10);

        assertThat(dropped).isEqualTo(2);
        assertThat(idsIn("q")).containsExactly(notYet);
        assertThat(idsIn("dlq")).isEmpty();
        assertThat(idsIn("other")).isEmpty();
    }

    @Test
    void retireExhaustedMovesAtMostABatch() {
        queue("dlq");
        for (int i = 0; i < 5; i++) {
            append("q", String.valueOf(i), T0);
        }
        assertThat(lease("q", 10, T0, T0.plusSeconds(10))).hasSize(5);
        DeadLetter target = new DeadLetter("dlq", T0.plusSeconds(10), T0);
        Instant now = T0.plusSeconds(10);

        assertThat(messages.retireExhausted("q", 1, now, target, 2)).isEqualTo(2);
        assertThat(idsIn("q")).hasSize(3);
        assertThat(idsIn("dlq")).hasSize(2);
        assertThat(messages.retireExhausted("q", 1, now, target, 2)).isEqualTo(2);
        assertThat(messages.retireExhausted("q", 1, now, target, 2)).isEqualTo(1);
        assertThat(messages.retireExhausted("q", 1, now, target, 2)).isZero();
        assertThat(idsIn("q")).isEmpty();
        assertThat(idsIn("dlq")).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void retireExhaustedKeepsOneCopyOfAMessageTheTargetHoldsAlready() {
        queue("dlq");
        UUID id = nextId();
        NewMessage message = new NewMessage("{\"fanned\":true}", Map.of("k", "v"), "fan", null);
        // A fan-out put one copy in q and one in dlq (which a topic may feed as well).
        messages.append(T0, List.of(new Envelope("q", id, message, T0), new Envelope("dlq", id, message, T0)));
        leaseLabelled("fan", T0, T0.plusSeconds(10));

        int moved =
                messages.retireExhausted("q", 1, T0.plusSeconds(10), new DeadLetter("dlq", T0.plusSeconds(10), T0), 10);

        assertThat(moved).isEqualTo(1);
        assertThat(idsIn("q")).isEmpty();
        assertThat(idsIn("dlq")).containsExactly(id);
    }

    @Test
    void retireMovesOnlyTheMessagesOfCurrentLeases() {
        queue("dlq");
        UUID currentId = append("q", new NewMessage("{\"c\":1}", Map.of("k", "current"), "current", null), T0);
        Delivery current = leaseLabelled("current", T0, T0.plusSeconds(30));
        UUID staleId = append("q", new NewMessage("stale", null, "stale", null), T0);
        Receipt stale = leaseLabelled("stale", T0, T0.plusSeconds(10)).receipt();
        leaseLabelled("stale", T0.plusSeconds(10), T0.plusSeconds(40)); // received again: the first receipt is stale
        UUID unknownId = append("q", new NewMessage("unknown", null, "unknown", null), T0);
        leaseLabelled("unknown", T0, T0.plusSeconds(30));
        DeadLetter target = new DeadLetter("dlq", T0.plusSeconds(5), T0);

        Set<Receipt> retired = messages.retire("q", List.of(current.receipt(), stale, unknownLease(unknownId)), target);

        assertThat(retired).containsExactly(current.receipt());
        assertThat(idsIn("q")).containsExactlyInAnyOrder(staleId, unknownId);
        Message moved = stored("dlq", currentId);
        assertThat(moved.deliveryAttempts()).isZero();
        assertThat(moved.visibleAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(moved.leaseExpiresAt()).isNull();
        assertThat(moved.label()).isEqualTo("current");
        assertThat(moved.createdAt()).isEqualTo(T0);
        assertThat(idsIn("dlq")).containsExactly(currentId);
    }

    @Test
    void retireIgnoresReceiptsOfAnotherQueueAndDropsWithoutATarget() {
        queue("dlq");
        append("q", "1", T0);
        Receipt receipt = leaseOne(T0, T0.plusSeconds(30)).receipt();

        assertThat(messages.retire("other", List.of(receipt), new DeadLetter("dlq", T0, T0)))
                .isEmpty();
        assertThat(idsIn("q")).containsExactly(receipt.messageId());

        assertThat(messages.retire("q", List.of(receipt), null)).containsExactly(receipt);
        assertThat(idsIn("q")).isEmpty();
        assertThat(idsIn("dlq")).isEmpty();
        // Gone: the receipt names nothing any more.
        assertThat(messages.delete("q", List.of(receipt))).isEmpty();
    }

    @Test
    void deleteExpiredDeletesOnlyMessagesCreatedBeforeTheBoundLeasedOrNot() {
        UUID oldLeased = appendCreatedAt("q", "old and leased", T0);
        assertThat(lease("q", 1, T0, T0.plusSeconds(1000)))
                .extracting(d -> d.message().id())
                .containsExactly(oldLeased);
        UUID old = appendCreatedAt("q", "old", T0.plusSeconds(1));
        UUID atBound = appendCreatedAt("q", "created at the bound", T0.plusSeconds(100));
        UUID young = appendCreatedAt("q", "young", T0.plusSeconds(200));
        UUID elsewhere = appendCreatedAt("other", "old elsewhere", T0);

        int deleted = messages.deleteExpired("q", T0.plusSeconds(100), 10);

        assertThat(deleted).isEqualTo(2);
        assertThat(idsIn("q")).containsExactly(atBound, young).doesNotContain(old, oldLeased);
        assertThat(idsIn("other")).containsExactly(elsewhere);
    }

    @Test
    void deleteExpiredDeletesAtMostABatch() {
        for (int i = 0; i < 5; i++) {
            appendCreatedAt("q", String.valueOf(i), T0.plusMillis(i));
        }
        UUID young = appendCreatedAt("q", "young", T0.plusSeconds(120));
        Instant bound = T0.plusSeconds(60);

        assertThat(messages.deleteExpired("q", bound, 2)).isEqualTo(2);
        assertThat(idsIn("q")).hasSize(4);
        assertThat(messages.deleteExpired("q", bound, 2)).isEqualTo(2);
        assertThat(messages.deleteExpired("q", bound, 2)).isEqualTo(1);
        assertThat(messages.deleteExpired("q", bound, 2)).isZero();
        assertThat(idsIn("q")).containsExactly(young);
    }

    @Test
    void purgeDeletesEveryMessageOfTheQueueLeasedOrNotAndCountsThem() {
        append("q", "leased", T0);
        Receipt receipt = leaseOne(T0, T0.plusSeconds(30)).receipt();
        append("q", "available", T0);
        append("q", "delayed", T0.plusSeconds(500));
        UUID elsewhere = append("other", "elsewhere", T0);

        assertThat(messages.purge("q")).isEqualTo(3);

        assertThat(idsIn("q")).isEmpty();
        assertThat(idsIn("other")).containsExactly(elsewhere);
        assertThat(messages.delete("q", List.of(receipt))).isEmpty();
        assertThat(messages.purge("q")).isZero();
    }

    @Test
    void redriveMovesTheUnleasedMessagesVisibleNowWithNoAttempts() {
        Instant now = T0.plusSeconds(50);
        UUID leased = deliveredTimes("leased", 0);
        leaseLabelled("leased", T0, T0.plusSeconds(100)); // leased past now
        UUID ended = deliveredTimes("ended", 2); // lease ended at T0+20
        UUID endsNow = deliveredTimes("ends-now", 1);
        leaseLabelled("ends-now", T0.plusSeconds(10), now); // lease ends exactly now
        UUID delayed = append("q", new NewMessage("delayed", Map.of("k", "d"), "delayed", null), T0.plusSeconds(500));
        UUID nacked = deliveredTimes("nacked", 0);
        Receipt nackedReceipt = leaseLabelled("nacked", T0, T0.plusSeconds(30)).receipt();
        messages.release("q", Map.of(nackedReceipt, T0.plusSeconds(600)));
        Message endedBefore = stored("q", ended);

        int moved = messages.redrive("q", "other", now, null, 10);

        assertThat(moved).isEqualTo(4);
        assertThat(idsIn("q")).containsExactly(leased);
        assertThat(idsIn("other")).containsExactlyInAnyOrder(ended, endsNow, delayed, nacked);
        for (Message m : messages.browse("other", ALL)) {
            assertThat(m.deliveryAttempts()).as("attempts of %s", m.label()).isZero();
            assertThat(m.visibleAt()).as("visibleAt of %s", m.label()).isEqualTo(now);
            assertThat(m.leaseExpiresAt()).as("lease of %s", m.label()).isNull();
        }
        assertThat(stored("other", ended))
                .isEqualTo(new Message(
                        ended,
                        "other",
                        endedBefore.body(),
                        endedBefore.attributes(),
                        "ended",
                        0,
                        endedBefore.createdAt(),
                        now,
                        null,
                        null));
        assertThat(lease("other", 10, now, now.plusSeconds(30))).hasSize(4);
    }

    @Test
    void redriveMovesOnlyTheListedIds() {
        UUID a = append("q", "a", T0);
        UUID b = append("q", "b", T0);
        UUID c = append("q", "c", T0);
        UUID inOther = append("other", "elsewhere", T0);
        queue("target");

        int moved = messages.redrive("q", "target", T0, List.of(a, c, UUID.randomUUID(), inOther), 10);

        assertThat(moved).isEqualTo(2);
        assertThat(idsIn("q")).containsExactly(b);
        assertThat(idsIn("target")).containsExactlyInAnyOrder(a, c);
        assertThat(idsIn("other")).containsExactly(inOther);
    }

    @Test
    void redriveMovesAtMostABatch() {
        for (int i = 0; i < 5; i++) {
            append("q", String.valueOf(i), T0);
        }

        assertThat(messages.redrive("q", "other", T0, null, 2)).isEqualTo(2);
        assertThat(idsIn("q")).hasSize(3);
        assertThat(idsIn("other")).hasSize(2);
        assertThat(messages.redrive("q", "other", T0, null, 2)).isEqualTo(2);
        assertThat(messages.redrive("q", "other", T0, null, 2)).isEqualTo(1);
        assertThat(messages.redrive("q", "other", T0, null, 2)).isZero();
        assertThat(idsIn("q")).isEmpty();
        assertThat(idsIn("other")).hasSize(5).doesNotHaveDuplicates();
    }

    // ---- where a dead letter came from ----

    private static DeadLetterOrigin origin(String sourceQueueId, DeadLetterReason reason, Instant at) {
        return new DeadLetterOrigin(sourceQueueId, reason, at);
    }

    @Test
    void aMessageNeverDeadLetteredHasNoOrigin() {
        UUID id = append("q", "plain", T0);

        assertThat(stored("q", id).deadLetter()).isNull();
        assertThat(leaseOne(T0, T0.plusSeconds(10)).message().deadLetter()).isNull();
    }

    @Test
    void retireRecordsTheSourceQueueANackAndTheTime() {
        queue("dlq");
        append("q", "n", T0);
        Receipt receipt = leaseOne(T0, T0.plusSeconds(30)).receipt();
        Instant at = T0.plusSeconds(7);

        messages.retire("q", List.of(receipt), new DeadLetter("dlq", T0.plusSeconds(60), at));

        assertThat(stored("dlq", receipt.messageId()).deadLetter())
                .isEqualTo(origin("q", DeadLetterReason.MAX_DELIVERIES_NACKED, at));
    }

    @Test
    void retireExhaustedTellsALeaseThatRanOutFromADeliveryThatWasNacked() {
        queue("dlq");
        UUID ranOut = deliveredTimes("ran-out", 2); // the last lease ended at T0+20 without an ack or a nack
        UUID nacked = deliveredTimes("nacked", 1);
        Receipt receipt =
                leaseLabelled("nacked", T0.plusSeconds(10), T0.plusSeconds(20)).receipt();
        // Nacked with deliveries left (under a max of 3, say), visible again at T0+20.
        messages.release("q", Map.of(receipt, T0.plusSeconds(20)));
        Instant now = T0.plusSeconds(30);

        // The max is 2 now: both have used theirs up.
        assertThat(messages.retireExhausted("q", 2, now, new DeadLetter("dlq", now, now), 10))
                .isEqualTo(2);

        assertThat(stored("dlq", ranOut).deadLetter())
                .isEqualTo(origin("q", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED, now));
        assertThat(stored("dlq", nacked).deadLetter())
                .isEqualTo(origin("q", DeadLetterReason.MAX_DELIVERIES_NACKED, now));
    }

    /** Moves q's messages delivered once, whose lease ended at T0+10, to dlq at T0+10, visible at once. */
    private void retireAtTenSeconds() {
        messages.retireExhausted(
                "q", 1, T0.plusSeconds(10), new DeadLetter("dlq", T0.plusSeconds(10), T0.plusSeconds(10)), 10);
    }

    @Test
    void aReceiveFromTheDeadLetterQueueShowsTheOrigin() {
        queue("dlq");
        UUID id = deliveredTimes("e", 1);
        retireAtTenSeconds();

        List<Delivery> received = lease("dlq", 10, T0.plusSeconds(10), T0.plusSeconds(40));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).message().id()).isEqualTo(id);
        assertThat(received.get(0).message().deadLetter())
                .isEqualTo(origin("q", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED, T0.plusSeconds(10)));
    }

    @Test
    void aMessageDeadLetteredAgainCarriesOnlyTheLatestOrigin() {
        queue("dlq");
        queue("last");
        UUID id = deliveredTimes("twice", 1);
        retireAtTenSeconds();
        Receipt fromDlq =
                lease("dlq", 1, T0.plusSeconds(10), T0.plusSeconds(20)).get(0).receipt();

        messages.retire("dlq", List.of(fromDlq), new DeadLetter("last", T0.plusSeconds(15), T0.plusSeconds(15)));

        assertThat(stored("last", id).deadLetter())
                .isEqualTo(origin("dlq", DeadLetterReason.MAX_DELIVERIES_NACKED, T0.plusSeconds(15)));
    }

    @Test
    void aCopyTheDeadLetterQueueHeldAlreadyKeepsItsOwnState() {
        queue("dlq");
        UUID id = nextId();
        NewMessage message = new NewMessage("{}", null, "fan", null);
        messages.append(T0, List.of(new Envelope("q", id, message, T0), new Envelope("dlq", id, message, T0)));
        leaseLabelled("fan", T0, T0.plusSeconds(10));

        retireAtTenSeconds();

        assertThat(stored("dlq", id).deadLetter()).isNull();
    }

    @Test
    void aDeadLetterKeepsItsTypesAndTraceHeaderAndHasNoDeliveryInItsNewQueueYet() {
        queue("dlq");
        UUID id = append("q", new NewMessage("1", Map.of("n", "1.50"), "e", null, Map.of("n", "Number"), "Root=1"), T0);
        leaseLabelled("e", T0, T0.plusSeconds(10));
        retireAtTenSeconds();

        Message moved = stored("dlq", id);
        assertThat(moved.attributes()).isEqualTo(Map.of("n", "1.50"));
        assertThat(moved.attributeTypes()).isEqualTo(Map.of("n", "Number"));
        assertThat(moved.traceHeader()).isEqualTo("Root=1");
        assertThat(moved.firstDeliveredAt()).isNull();
    }

    @Test
    void redriveClearsTheOrigin() {
        queue("dlq");
        UUID id = deliveredTimes("e", 1);
        retireAtTenSeconds();
        assertThat(stored("dlq", id).deadLetter()).isNotNull();

        assertThat(messages.redrive("dlq", "other", T0.plusSeconds(20), null, 10))
                .isEqualTo(1);

        assertThat(stored("other", id).deadLetter()).isNull();
    }

    /** Dead-letters one fresh message of {@code source} into dlq; answers its id. */
    private UUID deadLetteredFrom(String source, Instant at) {
        return deadLetteredFrom(source, at, null);
    }

    private UUID deadLetteredFrom(String source, Instant at, String label) {
        UUID id = append(source, new NewMessage("\"from " + source + "\"", null, label, null), T0);
        Receipt receipt = messages.lease(source, null, 1, T0, T0.plusSeconds(10), EPOCH)
                .get(0)
                .receipt();
        assertThat(messages.retire(source, List.of(receipt), new DeadLetter("dlq", T0, at)))
                .hasSize(1);
        return id;
    }

    @Test
    void redriveToSourcesSendsEachMessageBackToItsOwnSourceAndLeavesTheRest() {
        queue("dlq");
        queue("second");
        queue("doomed");
        UUID fromQ = deadLetteredFrom("q", T0.plusSeconds(1));
        UUID fromSecond = deadLetteredFrom("second", T0.plusSeconds(2));
        UUID fromGone = deadLetteredFrom("doomed", T0.plusSeconds(3));
        ports.queues().delete("doomed");
        UUID plain = append("dlq", "\"published here\"", T0);
        UUID leased = deadLetteredFrom("q", T0.plusSeconds(4), "busy");
        assertThat(messages.lease("dlq", "busy", 1, T0.plusSeconds(5), T0.plusSeconds(100), EPOCH))
                .hasSize(1);
        Instant now = T0.plusSeconds(20);

        List<Returned> looked = messages.redriveToSources("dlq", now, null, null, 10, 10);

        assertThat(looked)
                .containsExactly(
                        new Returned(fromQ, "q", true),
                        new Returned(fromSecond, "second", true),
                        new Returned(fromGone, "doomed", false),
                        new Returned(plain, null, false));
        assertThat(idsIn("q")).containsExactly(fromQ);
        assertThat(idsIn("second")).containsExactly(fromSecond);
        assertThat(idsIn("dlq")).containsExactly(fromGone, plain, leased);
        for (Message back : List.of(stored("q", fromQ), stored("second", fromSecond))) {
            assertThat(back.deadLetter()).isNull();
            assertThat(back.deliveryAttempts()).isZero();
            assertThat(back.visibleAt()).isEqualTo(now);
            assertThat(back.leaseExpiresAt()).isNull();
        }
        assertThat(stored("dlq", fromGone).deadLetter())
                .as("left as it was")
                .isEqualTo(origin("doomed", DeadLetterReason.MAX_DELIVERIES_NACKED, T0.plusSeconds(3)));
    }

    @Test
    void redriveToSourcesWalksOnFromTheCursorAndStopsAtTheLastMessageItMayMove() {
        queue("dlq");
        UUID first = deadLetteredFrom("q", T0);
        UUID plain = append("dlq", "\"published here\"", T0);
        UUID second = deadLetteredFrom("q", T0);
        UUID third = deadLetteredFrom("q", T0);

        // At most one moved: it stops looking there, and the plain message after it is left for the next call.
        assertThat(messages.redriveToSources("dlq", T0, null, null, 10, 1))
                .containsExactly(new Returned(first, "q", true));
        // From the cursor on, a batch of two: the plain one is looked at and passed over.
        assertThat(messages.redriveToSources("dlq", T0, null, first, 2, 10))
                .containsExactly(new Returned(plain, null, false), new Returned(second, "q", true));
        assertThat(messages.redriveToSources("dlq", T0, null, second, 2, 10))
                .containsExactly(new Returned(third, "q", true));
        assertThat(messages.redriveToSources("dlq", T0, null, third, 2, 10)).isEmpty();
        assertThat(idsIn("q")).containsExactly(first, second, third);
        assertThat(idsIn("dlq")).containsExactly(plain);
    }

    @Test
    void redriveToSourcesTakesOnlyTheListedIds() {
        queue("dlq");
        UUID listed = deadLetteredFrom("q", T0);
        UUID notListed = deadLetteredFrom("q", T0);

        assertThat(messages.redriveToSources("dlq", T0, List.of(listed, UUID.randomUUID()), null, 10, 10))
                .containsExactly(new Returned(listed, "q", true));
        assertThat(idsIn("dlq")).containsExactly(notListed);
    }
}
