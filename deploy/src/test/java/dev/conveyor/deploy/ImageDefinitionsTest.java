package dev.conveyor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The two ways to build the image, the Dockerfile and bootstrap's Jib profile, make the same container: user, ports,
 * volume, environment, working directory, JVM flags and default arguments. And every deployment file sets only
 * variables that config.yml reads, so that a misspelt one cannot be ignored silently.
 */
class ImageDefinitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JIB = "/project/profiles/profile[id='image']/build/plugins/plugin"
            + "[artifactId='jib-maven-plugin']/configuration/container";

    @Test
    void theDockerfileAndJibMakeTheSameContainer() throws Exception {
        Map<String, String> dockerfile = runtimeStage();
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(DeploymentFiles.REPOSITORY.resolve("bootstrap/pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();

        assertThat(dockerfile.get("USER")).isEqualTo(text(xpath, pom, JIB + "/user"));
        assertThat(dockerfile.get("WORKDIR")).isEqualTo(text(xpath, pom, JIB + "/workingDirectory"));
        assertThat(dockerfile.get("VOLUME")).isEqualTo(text(xpath, pom, JIB + "/volumes/volume"));
        assertThat(List.of(dockerfile.get("EXPOSE").split(" ", -1))).isEqualTo(texts(xpath, pom, JIB + "/ports/port"));
        assertThat(json(dockerfile.get("CMD"))).isEqualTo(texts(xpath, pom, JIB + "/args/arg"));
        assertThat(environment(dockerfile.get("ENV"))).isEqualTo(children(xpath, pom, JIB + "/environment"));

        List<String> entrypoint = json(dockerfile.get("ENTRYPOINT"));
        assertThat(entrypoint).startsWith("java").endsWith("-jar", "/app/conveyor.jar");
        assertThat(entrypoint.subList(1, entrypoint.size() - 2))
                .isEqualTo(texts(xpath, pom, JIB + "/jvmFlags/jvmFlag"));
    }

    @Test
    void bothImagesRunAsTheUserConveyor10001() {
        String useradd = runtimeStage().get("RUN");
        assertThat(useradd).contains("groupadd --system --gid 10001 conveyor");
        assertThat(useradd).contains("useradd --system --uid 10001 --gid conveyor");
        // Jib runs no command in the base, so its image brings the passwd and group files with the user in them.
        assertThat(DeploymentFiles.read("bootstrap/src/main/jib/etc/passwd").lines())
                .anySatisfy(line -> assertThat(line).startsWith("root:x:0:0:"))
                .anySatisfy(line -> assertThat(line).startsWith("conveyor:x:10001:10001:"));
        assertThat(DeploymentFiles.read("bootstrap/src/main/jib/etc/group").lines())
                .contains("conveyor:x:10001:");
    }

    @Test
    void everyConveyorVariableTheDeploymentFilesSetIsOneConfigYmlReads() {
        Set<String> read = new TreeSet<>();
        Matcher substitution =
                Pattern.compile("\\$\\{(CONVEYOR_[A-Z0-9_]+)").matcher(DeploymentFiles.read("config.yml"));
        while (substitution.find()) {
            read.add(substitution.group(1));
        }
        List<Path> files = new ArrayList<>(DeploymentFiles.kubernetesManifests());
        files.add(DeploymentFiles.REPOSITORY.resolve("Dockerfile"));
        files.add(DeploymentFiles.REPOSITORY.resolve("compose.yaml"));
        files.add(DeploymentFiles.REPOSITORY.resolve("bootstrap/pom.xml"));

        Set<String> set = new TreeSet<>();
        for (Path file : files) {
            Set<String> names = DeploymentFiles.conveyorVariables(DeploymentFiles.read(file));
            assertThat(names).as("CONVEYOR_* names in %s", file).isSubsetOf(read);
            set.addAll(names);
        }
        assertThat(set).contains("CONVEYOR_DATABASE_URL", "CONVEYOR_DATA_DIR", "CONVEYOR_PORT");
    }

    @Test
    void theHealthCheckPassesOnlyWhileReadinessAnswers200() throws Exception {
        List<String> command = json(runtimeStage().get("HEALTHCHECK").replaceFirst("(?s)^.*? CMD ", ""));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] status = {200};
        server.createContext("/", exchange -> {
            int answer = exchange.getRequestURI().getPath().equals("/readiness") ? status[0] : 404;
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(run(command, port)).as("ready").isZero();
            status[0] = 503;
            assertThat(run(command, port)).as("unavailable").isNotZero();
        } finally {
            server.stop(0);
        }
        assertThat(run(command, server.getAddress().getPort()))
                .as("nothing listening")
                .isNotZero();
    }

    private static int run(List<String> command, int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONVEYOR_PORT", Integer.toString(port));
        Process process = builder.start();
        try (InputStream output = process.getInputStream()) {
            output.readAllBytes();
        }
        // A bound on a hung probe, not a timing assertion: Docker's own timeout for it is 3 s.
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the health check command did not end");
        }
        return process.exitValue();
    }

    /** The last stage's instructions, continuation lines joined; RUN instructions joined by newlines. */
    private static Map<String, String> runtimeStage() {
        String joined = DeploymentFiles.read("Dockerfile").replace("\\\n", " ");
        Map<String, String> instructions = new LinkedHashMap<>();
        for (String line : joined.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 2);
            if (parts[0].equals("FROM")) {
                instructions.clear();
            }
            String argument = parts.length > 1 ? parts[1].replaceAll("\\s+", " ") : "";
            instructions.merge(parts[0], argument, (first, next) -> first + "\n" + next);
        }
        return instructions;
    }

    private static List<String> json(String array) throws IOException {
        return JSON.readValue(array, new TypeReference<List<String>>() {});
    }

    private static Map<String, String> environment(String env) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String assignment : env.split(" ", -1)) {
            String[] pair = assignment.split("=", 2);
            variables.put(pair[0], pair[1]);
        }
        return variables;
    }

    private static String text(XPath xpath, Document pom, String path) throws XPathExpressionException {
        return texts(xpath, pom, path).get(0);
    }

    private static List<String> texts(XPath xpath, Document pom, String path) throws XPathExpressionException {
        NodeList nodes = (NodeList) xpath.evaluate(path, pom, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        assertThat(texts).as(path).isNotEmpty();
        return texts;
    }

    private static Map<String, String> children(XPath xpath, Document pom, String path)
            throws XPathExpressionException {
        Node parent = (Node) xpath.evaluate(path, pom, XPathConstants.NODE);
        Map<String, String> children = new LinkedHashMap<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                children.put(element.getTagName(), element.getTextContent().strip());
            }
        }
        return children;
    }
}
