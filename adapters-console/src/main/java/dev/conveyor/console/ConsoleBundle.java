package dev.conveyor.console;

import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Properties;

/**
 * The web console at {@code /console/}: static files of this jar (and uPlot's, from its webjar) that use the
 * public {@code /v1} API like any other client. Its servlets' paths are longer than Jersey's {@code /*}, so a
 * GET under {@code /console/} reaches them and never a resource (the SQS endpoint's queue URLs included).
 */
public final class ConsoleBundle implements ConfiguredBundle<Configuration> {
    /** Where the console is served; {@link ConsoleHeaders} sends the bare path here. */
    public static final String PATH = "/console/";

    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final AssetsBundle pages = new AssetsBundle("/console", PATH, "index.html", "console");

    // No index file: a directory of the webjar is a 404, never a listing.
    private final AssetsBundle charts = new AssetsBundle(
            "/META-INF/resources/webjars/uplot/" + webjarVersion() + "/dist",
            PATH + "vendor/uplot/",
            null,
            "console-uplot");

    @Override
    public void run(Configuration configuration, Environment environment) {
        pages.run(configuration, environment);
        charts.run(configuration, environment);
        environment
                .servlets()
                .addFilter("console-headers", new ConsoleHeaders(PATH))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, PATH + "*");
    }

    /**
     * The uPlot webjar's version, read from its own metadata (its files live under a path naming it), so that
     * upgrading it is a change to the pom alone; the console's pages name no version.
     */
    private static String webjarVersion() {
        try (InputStream in = ConsoleBundle.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uplot webjar is not on the classpath: " + UPLOT_POM);
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank()) {
                throw new IllegalStateException("no version in " + UPLOT_POM);
            }
            return version.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
