package dev.conveyor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The server's CPU time by what its threads do, read from /proc/&lt;pid&gt;/task/*&#47;stat and told apart by the
 * threads' names (Linux keeps their first 15 characters). A thread that ends between two readings takes its time
 * with it: the breakdown puts the difference from the process's own total under OTHER.
 */
final class ThreadCpu {
    enum Part {
        REQUESTS("request threads (Jetty, Jersey, JSON, JDBC)"),
        GROUP_COMMIT("group-commit runners"),
        WAKE_UPS("NOTIFY and LISTEN"),
        LOGGING("log appenders"),
        JIT("JIT compilers"),
        GC("garbage collector"),
        OTHER("other (timers, cleanup, ended threads)");

        final String text;

        Part(String text) {
            this.text = text;
        }

        static Part of(String threadName) {
            if (threadName.startsWith("dw-")) {
                return REQUESTS; // Dropwizard's Jetty pool: acceptors, selectors and request threads alike
            }
            if (threadName.startsWith("group-commit")) {
                return GROUP_COMMIT;
            }
            if (threadName.startsWith("conveyor-notif") || threadName.startsWith("conveyor-liste")) {
                return WAKE_UPS;
            }
            if (threadName.contains("Appender")) {
                return LOGGING;
            }
            if (threadName.contains("CompilerThre")) {
                return JIT;
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
                return GC;
            }
            return OTHER;
        }
    }

    private ThreadCpu() {}

    /** One live thread's part and clock ticks so far. */
    record Thread(Part part, long ticks) {}

    /** The live threads by id. */
    static Map<String, Thread> threads(long pid) {
        Map<String, Thread> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String line = Files.readString(task.resolve("stat"));
                    String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                    threads.put(task.getFileName().toString(), new Thread(Part.of(name), ServerUsage.ticks(line)));
                } catch (IOException e) {
                    // the thread ended while the directory was read: its time shows under OTHER
                }
            });
        } catch (IOException e) {
            // the process is gone: nothing to break down
        }
        return threads;
    }

    /**
     * Ticks by part between two readings: a thread's whole time if it started in between, nothing of one that has
     * ended (the caller charges that, with the process's total, to OTHER).
     */
    static Map<Part, Long> spent(Map<String, Thread> before, Map<String, Thread> after) {
        Map<Part, Long> spent = new EnumMap<>(Part.class);
        after.forEach((id, thread) -> {
            Thread earlier = before.get(id);
            long from = earlier == null ? 0 : earlier.ticks();
            spent.merge(thread.part(), Math.max(0, thread.ticks() - from), Long::sum);
        });
        return spent;
    }
}
