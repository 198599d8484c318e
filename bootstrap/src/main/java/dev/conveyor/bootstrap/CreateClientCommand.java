package dev.conveyor.bootstrap;

import dev.conveyor.application.ClientSecrets;
import dev.conveyor.application.ClientService;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.postgres.JdbiClientRepository;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.security.SecureRandom;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code java -jar conveyor.jar create-client config.yml --name NAME --scopes "SCOPES"}: makes a client
 * directly in the database and prints its id and secret; the way to make the first (admin) client.
 */
final class CreateClientCommand extends ConfiguredCommand<ConveyorConfiguration> {
    CreateClientCommand() {
        super("create-client", "Creates an API client and prints its client_id and client_secret");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--name").required(true).help("a name for people, e.g. admin");
        subparser
                .addArgument("--scopes")
                .required(true)
                .help("space-separated scopes, e.g. \"*\" or \"queues:consume:orders\"");
    }

    @Override
    protected void run(Bootstrap<ConveyorConfiguration> bootstrap, Namespace namespace, ConveyorConfiguration config)
            throws Exception {
        byte[] key = config.getAuth().key();
        try (CommandDatabase database = new CommandDatabase(config, "create-client")) {
            ClientService clients = new ClientService(
                    new JdbiClientRepository(database.session()),
                    new ClientSecrets(key, new SecureRandom()),
                    database.session(),
                    new UuidV7Generator(database.clock()),
                    database.clock());
            ClientService.CreatedClient created;
            try {
                created = clients.create(namespace.getString("name"), namespace.getString("scopes"), null);
            } catch (ConveyorException refused) {
                throw new StartupRefusedException(String.join(
                        "; ", refused.errors().isEmpty() ? java.util.List.of(refused.getMessage()) : refused.errors()));
            }
            System.out.println("client_id: " + created.client().id());
            System.out.println("client_secret: " + created.secret());
            System.out.println("scopes: " + created.client().scopes().text());
            System.out.println("Keep the secret: it is shown this once, and only its keyed hash is stored.");
        }
    }
}
