package dev.conveyor.bootstrap.docs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Programs a test runs as a user would, looked up on the PATH. */
final class Programs {
    private Programs() {}

    /** Those of {@code names} that no directory of the PATH holds as an executable file. */
    static List<String> missing(String... names) {
        List<Path> path = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
                .filter(dir -> !dir.isEmpty())
                .map(Path::of)
                .toList();
        return Arrays.stream(names)
                .filter(name -> path.stream().map(dir -> dir.resolve(name)).noneMatch(Files::isExecutable))
                .toList();
    }
}
