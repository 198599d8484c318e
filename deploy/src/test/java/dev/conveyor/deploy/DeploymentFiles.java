package dev.conveyor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's deployment files, read as the tools that use them read them. */
final class DeploymentFiles {
    /** Surefire runs in the module's directory, deploy/. */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    static final Path KUBERNETES = REPOSITORY.resolve("deploy/kubernetes");

    private static final Pattern CONVEYOR_VARIABLE = Pattern.compile("\\bCONVEYOR_[A-Z0-9_]+");

    private DeploymentFiles() {}

    static String read(String pathInRepository) {
        return read(REPOSITORY.resolve(pathInRepository));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file, with anchors, aliases and merge keys resolved (as Compose and kubectl do). */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) document;
                documents.add(map);
            }
        }
        return documents;
    }

    static List<Path> kubernetesManifests() {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CONVEYOR_* names a text mentions. */
    static Set<String> conveyorVariables(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = CONVEYOR_VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
