package dev.conveyor.application.fakes;

import dev.conveyor.application.contract.Ports;
import dev.conveyor.application.contract.UnitOfWorkContract;

class DirectUnitOfWorkContractTest extends UnitOfWorkContract {
    @Override
    protected Ports emptyStore() {
        InMemoryStore store = new InMemoryStore();
        return new Ports(store.topics(), store.queues(), store.subscriptions(), store.messages(), store.unitOfWork());
    }
}
