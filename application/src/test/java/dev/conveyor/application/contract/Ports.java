package dev.conveyor.application.contract;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.SubscriptionRepository;
import dev.conveyor.application.port.TopicRepository;
import dev.conveyor.application.port.UnitOfWork;

/** The persistence ports of one store, as the contract tests need them: all sharing one unit of work. */
public record Ports(
        TopicRepository topics,
        QueueRepository queues,
        SubscriptionRepository subscriptions,
        MessageStore messages,
        UnitOfWork unitOfWork) {}
