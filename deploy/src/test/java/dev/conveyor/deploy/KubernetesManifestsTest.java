package dev.conveyor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/kubernetes, checked offline by the Kubernetes API's own models (client-java-api): each refuses a field the
 * API does not define, at any depth, a value of the wrong type and a missing required field, as the API server's
 * strict field validation does. Then what a schema cannot see: that the pieces fit together and fit the image.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private interface Model {
        Object parse(String json) throws IOException;
    }

    private static final Map<String, Model> MODELS = Map.of(
            "apps/v1 Deployment", V1Deployment::fromJson,
            "v1 Service", V1Service::fromJson,
            "batch/v1 Job", V1Job::fromJson);

    static Stream<Path> manifests() {
        return DeploymentFiles.kubernetesManifests().stream();
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void everyManifestIsValidForItsKind(Path manifest) throws IOException {
        List<Map<String, Object>> documents = DeploymentFiles.yamlDocuments(manifest);
        assertThat(documents).isNotEmpty();
        for (Map<String, Object> document : documents) {
            String kind = document.get("apiVersion") + " " + document.get("kind");
            assertThat(MODELS).as("a model for %s in %s", kind, manifest).containsKey(kind);
            MODELS.get(kind).parse(JSON.writeValueAsString(document));
        }
    }

    @Test
    void aFieldTheApiDoesNotDefineIsRefusedHoweverDeep() throws JsonProcessingException {
        Map<String, Object> deployment = manifest("deployment.yaml");
        container(deployment).put("livenessProbes", Map.of());

        assertThatThrownBy(() -> V1Deployment.fromJson(JSON.writeValueAsString(deployment)))
                .hasMessageContaining("livenessProbes");
    }

    @Test
    void theDeploymentProbesLivenessAndReadinessOnTheApplicationPort() throws IOException {
        V1Container container =
                deployment().getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getPorts())
                .anySatisfy(port -> {
                    assertThat(port.getName()).isEqualTo("http");
                    assertThat(port.getContainerPort()).isEqualTo(8080);
                })
                .anySatisfy(port -> assertThat(port.getContainerPort()).isEqualTo(8081));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/liveness");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrValue())
                .isEqualTo("http");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readiness");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrValue())
                .isEqualTo("http");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getArgs()).containsExactly("server", "/app/config.yml");
    }

    @Test
    void theServerRunsAsTheImagesUserWithoutPrivileges() throws IOException {
        V1PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        V1Container container = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        // A read-only root needs a writable /tmp (the JVM's, and the embedded PostgreSQL's binaries if used).
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        // Longer than the server's own 30 s shutdown grace period, so that running requests finish.
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(30L);
    }

    @Test
    void theSecretsComeFromASecretNeverFromTheManifest() throws IOException {
        List<V1EnvVar> env = deployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();

        for (String secret : List.of("CONVEYOR_DATABASE_PASSWORD", "CONVEYOR_AUTH_SECRET_KEY")) {
            assertThat(env).anySatisfy(variable -> {
                assertThat(variable.getName()).isEqualTo(secret);
                assertThat(variable.getValue()).isNull();
                assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("conveyor");
            });
        }
    }

    @Test
    void theJobMigratesTheDatabaseTheDeploymentUses() throws IOException {
        V1Container job = V1Job.fromJson(JSON.writeValueAsString(manifest("migrate-job.yaml")))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        V1Container server =
                deployment().getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(job.getArgs()).containsExactly("db", "migrate", "/app/config.yml");
        assertThat(job.getImage()).isEqualTo(server.getImage());
        assertThat(databaseSettings(job.getEnv())).isEqualTo(databaseSettings(server.getEnv()));
        assertThat(databaseSettings(job.getEnv())).hasSize(3);
    }

    @Test
    void theServiceSendsToTheDeploymentsApplicationPort() throws IOException {
        V1Service service = V1Service.fromJson(JSON.writeValueAsString(manifest("service.yaml")));
        V1Deployment deployment = deployment();

        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrValue())
                .isEqualTo("http");
    }

    private static List<String> databaseSettings(List<V1EnvVar> env) {
        return env.stream()
                .filter(variable -> variable.getName().startsWith("CONVEYOR_DATABASE_"))
                .map(V1EnvVar::toString)
                .toList();
    }

    private static V1Deployment deployment() throws IOException {
        return V1Deployment.fromJson(JSON.writeValueAsString(manifest("deployment.yaml")));
    }

    private static Map<String, Object> manifest(String file) {
        return DeploymentFiles.yamlDocuments(DeploymentFiles.KUBERNETES.resolve(file))
                .get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
        return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
    }
}
