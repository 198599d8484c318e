package dev.conveyor.application.fakes;

import dev.conveyor.application.contract.DeduplicationStoreContract;
import dev.conveyor.application.contract.Ports;
import dev.conveyor.application.port.DeduplicationStore;

/** The DeduplicationStore contract, held by the in-memory fake. */
class InMemoryDeduplicationStoreTest extends DeduplicationStoreContract {
    private InMemoryStore store;

    @Override
    protected Ports emptyStore() {
        store = new InMemoryStore();
        return new Ports(store.topics(), store.queues(), store.subscriptions(), store.messages(), store.unitOfWork());
    }

    @Override
    protected DeduplicationStore deduplications() {
        return store.deduplications();
    }
}
