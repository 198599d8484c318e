package dev.conveyor.bootstrap;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Environment;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Dropwizard's {@code server} command, but a server that fails to start (its port taken) is not also logged with a
 * stack trace: the failure is answered in one line ({@link OneLineErrors}). Otherwise as {@link ServerCommand#run}.
 */
final class ConveyorServerCommand extends ServerCommand<ConveyorConfiguration> {
    ConveyorServerCommand(Application<ConveyorConfiguration> application) {
        super(application);
    }

    @Override
    protected void run(Environment environment, Namespace namespace, ConveyorConfiguration configuration)
            throws Exception {
        Server server = configuration.getServerFactory().build(environment);
        try {
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStopped(LifeCycle event) {
                    cleanup();
                }
            });
            cleanupAsynchronously();
            server.start();
            new Thread(
                            () -> {
                                try {
                                    server.join();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "dw-awaiter")
                    .start();
        } catch (Exception e) {
            server.stop();
            cleanup();
            throw e;
        }
    }
}
