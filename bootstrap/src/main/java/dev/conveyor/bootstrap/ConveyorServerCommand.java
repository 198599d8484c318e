package dev.conveyor.bootstrap;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code server} command, but a refusal to start prints one line instead of a stack trace. */
final class ConveyorServerCommand extends ServerCommand<ConveyorConfiguration> {
    ConveyorServerCommand(Application<ConveyorConfiguration> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        StartupRefusedException.in(e)
                .ifPresentOrElse(
                        refused -> cli.getStdErr().println("Conveyor will not start: " + refused.getMessage()),
                        () -> super.onError(cli, namespace, e));
    }
}
