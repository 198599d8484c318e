package dev.conveyor.application.fakes;

import dev.conveyor.application.contract.ActivityLogContract;

class InMemoryActivityLogTest extends ActivityLogContract {
    @Override
    protected void emptyStore() {
        log = new InMemoryActivityLog();
    }
}
