package dev.conveyor.bootstrap.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are, for tests that read its documents or run its jar. */
final class Repository {
    private Repository() {}

    /**
     * The repository's top directory: the build says it ({@code conveyor.repository}); otherwise, as when an IDE
     * runs a test from the module's directory, the directory above it.
     */
    static Path root() {
        String configured = System.getProperty("conveyor.repository");
        Path root = (configured != null
                        ? Path.of(configured)
                        : Path.of("").toAbsolutePath().getParent())
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("bootstrap"))) {
            throw new IllegalStateException(root + " is not the repository's top directory (no README.md and "
                    + "bootstrap/ there); set -Dconveyor.repository");
        }
        return root;
    }

    /** The server jar the build made. */
    static Path serverJar() {
        String configured = System.getProperty("conveyor.jar");
        return configured != null ? Path.of(configured) : root().resolve("bootstrap/target/conveyor.jar");
    }
}
