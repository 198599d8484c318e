package dev.conveyor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml, checked offline against the Compose Specification's JSON schema (src/test/resources/compose-spec.json,
 * from compose-spec/compose-spec, Apache-2.0, commit 170098b), which is what `docker compose config` validates with;
 * then that its services start in the order the README promises.
 */
class ComposeFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void composeYamlFollowsTheComposeSpecification() throws IOException {
        assertThat(composeSchema().validate(compose())).isEmpty();
    }

    @Test
    void aKeyTheSpecificationDoesNotKnowIsRefused() throws IOException {
        ObjectNode compose = compose();
        ((ObjectNode) compose.at("/services/conveyor")).put("stop_grace_periods", "40s");

        Set<ValidationMessage> errors = composeSchema().validate(compose);

        assertThat(errors).anySatisfy(error -> assertThat(error.getMessage()).contains("stop_grace_periods"));
    }

    @Test
    void theServerStartsOnlyAfterTheMigrationSucceededOnAHealthyDatabase() {
        JsonNode services = compose().get("services");

        assertThat(services.at("/postgres/image").asText()).isEqualTo("postgres:17");
        assertThat(services.at("/postgres/healthcheck/test").toString()).contains("pg_isready");
        assertThat(services.at("/migrate/command").toString()).isEqualTo("[\"db\",\"migrate\",\"/app/config.yml\"]");
        assertThat(services.at("/migrate/depends_on/postgres/condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.at("/conveyor/depends_on/migrate/condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.at("/conveyor/environment/CONVEYOR_DATABASE_URL").asText())
                .isEqualTo("jdbc:postgresql://postgres:5432/conveyor")
                .isEqualTo(services.at("/migrate/environment/CONVEYOR_DATABASE_URL")
                        .asText());
        assertThat(services.at("/conveyor/image").asText())
                .isEqualTo(services.at("/migrate/image").asText());
    }

    private static ObjectNode compose() {
        return JSON.valueToTree(DeploymentFiles.yamlDocuments(DeploymentFiles.REPOSITORY.resolve("compose.yaml"))
                .get(0));
    }

    private static JsonSchema composeSchema() throws IOException {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec.json")) {
            ObjectNode schema = (ObjectNode) JSON.readTree(in);
            // The schema names its meta-schema "https://json-schema.org/draft-07/schema", which the validator does
            // not know by that spelling and would fetch from the network; it is draft 7's, which it has built in.
            // Its $id, "compose_spec.json", is no IRI, and the validator refuses it; its references are all local.
            schema.put("$schema", "http://json-schema.org/draft-07/schema#");
            schema.remove("$id");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        }
    }
}
