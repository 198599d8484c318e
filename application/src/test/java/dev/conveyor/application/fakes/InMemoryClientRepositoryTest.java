package dev.conveyor.application.fakes;

import dev.conveyor.application.contract.ClientRepositoryContract;

class InMemoryClientRepositoryTest extends ClientRepositoryContract {
    @Override
    protected void emptyStore() {
        clients = new InMemoryClientRepository();
    }
}
