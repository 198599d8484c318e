package dev.conveyor.bootstrap;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * A command whose failure is answered in one line on standard error, never with a Java stack trace (Dropwizard's
 * {@link Command#onError} prints one); every command of the jar is registered wrapped in it. The exit code stays
 * Dropwizard's: 1. {@code -Dconveyor.stackTraces=true} adds the stack trace, for a bug report.
 */
final class OneLineErrors extends Command {
    private final Command command;
    private final String headline;

    /** @param headline what failed, as the line's start: "Conveyor will not start" */
    OneLineErrors(Command command, String headline) {
        super(command.getName(), command.getDescription());
        this.command = command;
        this.headline = headline;
    }

    /** Its failures start "conveyor NAME failed: ". */
    static OneLineErrors of(Command command) {
        return new OneLineErrors(command, "conveyor " + command.getName() + " failed");
    }

    @Override
    public void configure(Subparser subparser) {
        command.configure(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        command.run(bootstrap, namespace);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println(headline + ": " + describe(e));
        if (Boolean.getBoolean("conveyor.stackTraces")) {
            e.printStackTrace(cli.getStdErr());
        }
    }

    /** What went wrong, in one line: a refusal's reason, a configuration file's errors, or the causes' messages. */
    static String describe(Throwable e) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = e; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        for (Throwable cause : causes) {
            if (cause instanceof StartupRefusedException refused) {
                return oneLine(refused.getMessage());
            }
            if (cause instanceof ConfigurationException configuration) {
                // "config.yml has an error:" then each error, the first line of each (the rest are YAML excerpts
                // and spelling suggestions).
                return firstLine(configuration.getMessage()) + " "
                        + configuration.getErrors().stream()
                                .map(OneLineErrors::firstLine)
                                .collect(Collectors.joining("; "));
            }
        }
        // Each cause's own words, outermost first: "Failed to bind to 0.0.0.0:8080: Address already in use". A
        // message that only repeats its cause (a wrapper's default, which names the cause's class) is left out.
        List<String> messages = new ArrayList<>();
        for (Throwable cause : causes) {
            String message = cause.getMessage();
            if (message == null
                    || message.isBlank()
                    || (cause.getCause() != null
                            && message.equals(cause.getCause().toString()))) {
                continue;
            }
            String line = oneLine(message);
            if (messages.stream().noneMatch(kept -> kept.contains(line))) {
                messages.add(line);
            }
        }
        return messages.isEmpty()
                ? "an unexpected error (run with -Dconveyor.stackTraces=true to see where)"
                : String.join(": ", messages);
    }

    private static String firstLine(String message) {
        return message.strip().lines().findFirst().orElse("").strip();
    }

    private static String oneLine(String message) {
        return message.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining(" "));
    }
}
