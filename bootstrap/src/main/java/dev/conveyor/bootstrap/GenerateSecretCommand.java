package dev.conveyor.bootstrap;

import dev.conveyor.application.ClientSecrets;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.security.SecureRandom;
import java.util.Base64;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code java -jar conveyor.jar generate-secret}: prints a key for {@code auth.secret_key}. */
final class GenerateSecretCommand extends Command {
    GenerateSecretCommand() {
        super("generate-secret", "Prints a new auth.secret_key: the base64 of 32 random bytes");
    }

    @Override
    public void configure(Subparser subparser) {
        // no arguments
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        byte[] key = new byte[ClientSecrets.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        System.out.println(Base64.getEncoder().encodeToString(key));
    }
}
