package dev.conveyor.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A task run at a fixed delay for as long as the server runs. */
final class Periodic implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final Duration interval;
    private final Runnable task;
    private final boolean runAtStart;
    private ScheduledExecutorService scheduler;

    /** Runs {@code task} every {@code interval}, the first time one interval after the start. */
    Periodic(String name, Duration interval, Runnable task) {
        this(name, interval, task, false);
    }

    /** @param runAtStart run the first time right after the start (on the task's own thread), not an interval later */
    Periodic(String name, Duration interval, Runnable task, boolean runAtStart) {
        this.name = name;
        this.interval = interval;
        this.task = task;
        this.runAtStart = runAtStart;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "conveyor-" + name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMilliseconds();
        // runSafely logs what a run throws, and stop() ends the runs: the future has nothing more to tell.
        var unused = scheduler.scheduleWithFixedDelay(
                this::runSafely, runAtStart ? 0 : millis, millis, TimeUnit.MILLISECONDS);
    }

    // An exception escaping a scheduleWithFixedDelay task cancels every later run; log it and go on instead.
    private void runSafely() {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Periodic task {} failed; it runs again in {}", name, interval, e);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
