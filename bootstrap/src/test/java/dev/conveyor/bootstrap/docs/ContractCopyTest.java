package dev.conveyor.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/api.md} is a copy of the API contract, which lives outside the repository ({@code ../shared/API.md},
 * beside the checkout), so that the README can link to it and a user of a clone can read it. The copy must not
 * drift: where the contract is beside the checkout, the two must be equal.
 */
class ContractCopyTest {
    @Test
    void docsApiMdIsTheContractAsItIs() throws IOException {
        Path root = Repository.root();
        Path contract = root.resolveSibling("shared").resolve("API.md");
        if (!Files.isRegularFile(contract)) {
            System.out.println(
                    "ContractCopyTest skipped: there is no contract at " + contract + " to compare docs/api.md with");
        }
        assumeTrue(Files.isRegularFile(contract), () -> "no contract at " + contract + " to compare docs/api.md with");

        assertThat(Files.readString(root.resolve("docs/api.md"), StandardCharsets.UTF_8))
                .as("docs/api.md differs from %s: copy it again (cp %s docs/api.md)", contract, contract)
                .isEqualTo(Files.readString(contract, StandardCharsets.UTF_8));
    }
}
