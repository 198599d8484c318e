package dev.conveyor.application.fakes;

import dev.conveyor.application.contract.MessageStoreContract;
import dev.conveyor.application.contract.Ports;

class InMemoryMessageStoreTest extends MessageStoreContract {
    @Override
    protected Ports emptyStore() {
        InMemoryStore store = new InMemoryStore();
        return new Ports(store.topics(), store.queues(), store.subscriptions(), store.messages(), store.unitOfWork());
    }
}
