package dev.conveyor.bootstrap;

import dev.conveyor.application.MessageMoveService;
import dev.conveyor.domain.MoveTask;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs message move tasks in the background, on every instance: a few workers, each claiming a task no runner
 * holds, stepping it (a page a step, paused for its rate) until it ends, then looking for the next. A task whose
 * instance died is claimed by another once its claim runs out ({@link MessageMoveService#claim}); one whose
 * instance stops is let go at once, for another to take.
 */
final class MoveTaskRunner implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(MoveTaskRunner.class);
    /** How many tasks one instance runs at once. */
    static final int WORKERS = 2;
    /** How long an idle worker waits before it looks for a task again: a new task starts within about that. */
    static final Duration IDLE = Duration.ofSeconds(1);
    /** How often ended tasks older than their keep are deleted. */
    static final Duration FORGET_EVERY = Duration.ofHours(1);

    private final MessageMoveService moves;
    /** This instance's name for its runners: unique, so a claim names exactly one worker of one process. */
    private final String instance = UUID.randomUUID().toString();

    private ExecutorService workers;
    private volatile boolean running;

    MoveTaskRunner(MessageMoveService moves) {
        this.moves = moves;
    }

    @Override
    public void start() {
        running = true;
        AtomicInteger number = new AtomicInteger();
        workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread thread = new Thread(r, "conveyor-move-tasks-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < WORKERS; i++) {
            String runner = instance + "/" + i;
            boolean forgets = i == 0;
            // The loop ends with stop(); the future has nothing more to tell.
            var unused = workers.submit(() -> work(runner, forgets));
        }
    }

    private void work(String runner, boolean forgets) {
        long forgotAt = 0;
        while (running) {
            try {
                if (forgets && System.nanoTime() - forgotAt >= 0) {
                    forgotAt = System.nanoTime() + FORGET_EVERY.toNanos();
                    moves.forgetEnded();
                }
                Optional<MoveTask> task = moves.claim(runner);
                if (task.isPresent()) {
                    run(task.get(), runner);
                } else {
                    Thread.sleep(IDLE.toMillis());
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A database outage, most likely: the task stays claimed and resumes when the claim is taken again.
                LOG.warn("A message move task step failed; the runner looks again in {}", IDLE, e);
                sleepQuietly();
            }
        }
    }

    private void run(MoveTask claimed, String runner) throws InterruptedException {
        LOG.info("Running message move task {} of queue {}", claimed.id(), claimed.sourceQueueId());
        while (running) {
            Optional<MessageMoveService.Step> step = moves.step(claimed.id(), runner);
            if (step.isEmpty()) {
                LOG.info("Message move task {} is no longer this runner's to run", claimed.id());
                return;
            }
            MoveTask task = step.get().task();
            if (step.get().ended()) {
                LOG.info(
                        "Message move task {} of queue {} ended {}: moved {} of {}",
                        task.id(),
                        task.sourceQueueId(),
                        task.status(),
                        task.moved(),
                        task.toMove());
                return;
            }
            Thread.sleep(step.get().pause().toMillis());
        }
        moves.release(claimed.id(), runner);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(IDLE.toMillis());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        workers.shutdown();
        if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
