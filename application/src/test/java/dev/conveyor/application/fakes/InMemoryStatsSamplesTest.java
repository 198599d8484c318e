package dev.conveyor.application.fakes;

import dev.conveyor.application.contract.StatsSamplesContract;

class InMemoryStatsSamplesTest extends StatsSamplesContract {
    @Override
    protected void emptyStore() {
        samples = new InMemoryStatsSamples();
        unitOfWork = new DirectUnitOfWork();
    }
}
