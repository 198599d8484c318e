package dev.conveyor.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the repository's documents leads to a file of the repository and, when it names a
 * section ({@code #anchor}), to a heading of that file: moving a section or a page must not leave a reader at a
 * dead end, and a document must not point outside the repository (a clone has nothing there).
 */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkOfTheDocumentsLeadsToAFileAndHeadingOfTheRepository() throws IOException {
        Path root = Repository.root();
        List<String> broken = new ArrayList<>();
        List<Path> documents = documents(root);
        for (Path document : documents) {
            String text = Files.readString(document, StandardCharsets.UTF_8);
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                String problem = problem(root, document, target);
                if (problem != null) {
                    broken.add(root.relativize(document) + ": " + target + ": " + problem);
                }
            }
        }
        assertThat(documents).contains(root.resolve("README.md"));
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void headingsBecomeAnchorsAsGitHubMakesThem() {
        assertThat(anchors("""
                        ## The two commands
                        ### Metrics (`GET /metrics`, Prometheus text format)
                        ## The queue gauges' shared sample
                        ## Authorization: one place decides
                        ```bash
                        # not a heading
                        ```
                        ## Twice
                        ## Twice
                        """))
                .containsExactlyInAnyOrder(
                        "the-two-commands",
                        "metrics-get-metrics-prometheus-text-format",
                        "the-queue-gauges-shared-sample",
                        "authorization-one-place-decides",
                        "twice",
                        "twice-1");
    }

    private static List<Path> documents(Path root) throws IOException {
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        for (String folder : List.of("docs", "benchmarks", "reliability")) {
            Path dir = root.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
                }
            }
        }
        return documents;
    }

    /** What is wrong with {@code target}, a link of {@code document}; null when nothing is. */
    private static String problem(Path root, Path document, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked =
                file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!linked.startsWith(root)) {
            return "outside the repository";
        }
        if (!Files.exists(linked)) {
            return "no such file";
        }
        if (anchor != null
                && !anchors(Files.readString(linked, StandardCharsets.UTF_8)).contains(anchor)) {
            return "no heading " + anchor + " in " + root.relativize(linked);
        }
        return null;
    }

    /** The anchors GitHub gives a Markdown document's headings (code blocks hold none). */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inCode = false;
        for (String line : markdown.lines().toList()) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                String slug = heading.group(1)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                int times = seen.merge(slug, 1, Integer::sum);
                anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
            }
        }
        return anchors;
    }
}
