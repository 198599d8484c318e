package dev.conveyor.application.fakes;

import dev.conveyor.application.contract.MoveTaskStoreContract;
import dev.conveyor.application.port.MoveTaskStore;
import dev.conveyor.application.port.UnitOfWork;

/** The MoveTaskStore contract, held by the in-memory fake. */
class InMemoryMoveTaskStoreTest extends MoveTaskStoreContract {
    @Override
    protected MoveTaskStore emptyStore() {
        return new InMemoryMoveTaskStore();
    }

    @Override
    protected UnitOfWork unitOfWork() {
        return new DirectUnitOfWork();
    }
}
