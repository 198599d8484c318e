package dev.conveyor.bootstrap;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** What a command run in-process did: its failure if any (the jar would exit 1), and what it printed. */
record CommandRun(Optional<Throwable> failure, String out, String err) {
    List<String> outLines() {
        return out.lines().filter(line -> !line.isBlank()).toList();
    }

    List<String> errLines() {
        return err.lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * Runs a command as {@code java -jar conveyor.jar} would, but through Dropwizard's {@link Cli} so that a failure
     * is answered instead of ending the JVM; System.out is captured too, which the commands and the logs print to.
     */
    static CommandRun of(String... arguments) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        // Before the commands are made: db status keeps the System.out of its making.
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Optional<Throwable> failure;
        try {
            ConveyorApplication application = new ConveyorApplication();
            Bootstrap<ConveyorConfiguration> bootstrap = new Bootstrap<>(application);
            application.addDefaultCommands(bootstrap);
            application.initialize(bootstrap);
            Cli cli = new Cli(new JarLocation(ConveyorApplication.class), bootstrap, out, err);
            failure = cli.run(arguments);
            cli.getStdOut().flush();
            cli.getStdErr().flush();
        } finally {
            System.out.flush();
            System.setOut(originalOut);
        }
        return new CommandRun(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
