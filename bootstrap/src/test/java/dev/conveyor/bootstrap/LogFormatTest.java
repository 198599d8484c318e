package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.access.jetty.RequestLogImpl;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.bootstrap.logging.AccessTextLayoutFactory;
import dev.conveyor.bootstrap.logging.QuietRequestLogFactory;
import dev.conveyor.bootstrap.logging.TextLayoutFactory;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.request.logging.RequestLogFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookupFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code CONVEYOR_LOG_FORMAT} in the shipped config.yml: text by default, JSON on request, for the application
 * log and the request log alike; and the request id's place in either line.
 */
class LogFormatTest {
    /** The shipped configuration; surefire runs in the bootstrap module's directory. */
    private static final Path CONFIG = Path.of("..", "config.yml");

    private static final String LOGGER = "dev.conveyor.Something";

    // ---- which layouts config.yml picks

    @Test
    void textIsTheDefaultForTheApplicationAndTheRequestLog() throws Exception {
        ConveyorConfiguration config = load(Map.of());

        assertThat(applicationLayout(config)).isInstanceOf(TextLayoutFactory.class);
        assertThat(requestLayout(config)).isInstanceOf(AccessTextLayoutFactory.class);
    }

    @Test
    void jsonSwitchesTheApplicationAndTheRequestLogToJson() throws Exception {
        ConveyorConfiguration config = load(Map.of("CONVEYOR_LOG_FORMAT", "json"));

        assertThat(applicationLayout(config)).isInstanceOf(EventJsonLayoutBaseFactory.class);
        assertThat(requestLayout(config))
                .isInstanceOfSatisfying(
                        AccessJsonLayoutBaseFactory.class,
                        json -> assertThat(json.getResponseHeaders()).contains("X-Request-ID"));
    }

    @Test
    void theTextRequestLogEndsWithTheRequestIdAnswered() throws Exception {
        LayoutBase<?> layout = ((AccessTextLayoutFactory) requestLayout(load(Map.of())))
                .build(new LoggerContext(), TimeZone.getTimeZone("UTC"));

        assertThat(((PatternLayoutBase<?>) layout).getPattern())
                .endsWith(" X-Request-ID=%responseHeader{X-Request-ID}");
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> load(Map.of("CONVEYOR_LOG_FORMAT", "xml")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("xml")
                .hasMessageContaining("json")
                .hasMessageContaining("text");
    }

    // ---- the lines they write

    @Test
    void theTextLineCarriesTheRequestIdAfterTheLevel() throws Exception {
        LayoutBase<ILoggingEvent> layout = applicationLayoutStarted(load(Map.of()));

        String line = layout.doLayout(event(Map.of("request_id", "abc-123")));

        // level, timestamp, then the id in brackets, then the logger and the message
        assertThat(line).containsPattern("^INFO +\\[[^]]+\\] \\[abc-123\\] " + Pattern.quote(LOGGER) + ": hello there");
    }

    @Test
    void theTextLineOutsideARequestHasNoEmptyBrackets() throws Exception {
        LayoutBase<ILoggingEvent> layout = applicationLayoutStarted(load(Map.of()));

        String line = layout.doLayout(event(Map.of()));

        assertThat(line).doesNotContain("[]");
        assertThat(line).containsPattern("^INFO +\\[[^]]+\\] " + Pattern.quote(LOGGER) + ": hello there");
    }

    @Test
    void theJsonLineIsOneObjectWithTheRequestIdAndTheMessage() throws Exception {
        LayoutBase<ILoggingEvent> layout = applicationLayoutStarted(load(Map.of("CONVEYOR_LOG_FORMAT", "json")));

        String line = layout.doLayout(event(Map.of("request_id", "abc-123")));

        // One object per line: nothing but the line separator at the end, no newline inside.
        assertThat(line.strip()).doesNotContain("\n").doesNotContain("\r");
        // Exactly one JSON value: anything after the object fails the parse.
        JsonNode json = Api.JSON
                .readerFor(JsonNode.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readValue(line);
        assertThat(json.isObject()).isTrue();
        assertThat(json.path("mdc").path("request_id").asText()).isEqualTo("abc-123");
        assertThat(json.path("message").asText()).isEqualTo("hello there");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
    }

    // ---- helpers

    /**
     * Loads config.yml as the application does, but with variables from this map instead of the environment:
     * like Dropwizard's EnvironmentVariableSubstitutor, with {@code ${VAR:-default}} and strict about nothing.
     */
    /** In the shaded jar logback-access cannot find its version and printed a plain-text warning at each start. */
    @Test
    void theRequestLogPrintsNoStatusLinesOfItsOwn() throws Exception {
        ConveyorConfiguration config = load(Map.of("CONVEYOR_LOG_FORMAT", "json"));
        RequestLogFactory<?> factory = ((DefaultServerFactory) config.getServerFactory()).getRequestLogFactory();

        assertThat(factory).isInstanceOf(QuietRequestLogFactory.class);
        assertThat(((RequestLogImpl) factory.build("conveyor")).isQuiet()).isTrue();
    }

    private static ConveyorConfiguration load(Map<String, String> variables) throws Exception {
        StringSubstitutor substitutor = new StringSubstitutor(StringLookupFactory.INSTANCE.mapStringLookup(variables));
        substitutor.setEnableSubstitutionInVariables(true);
        YamlConfigurationFactory<ConveyorConfiguration> factory = new YamlConfigurationFactory<>(
                ConveyorConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(
                new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor), CONFIG.toString());
    }

    private static DiscoverableLayoutFactory<?> applicationLayout(ConveyorConfiguration config) {
        DefaultLoggingFactory logging = (DefaultLoggingFactory) config.getLoggingFactory();
        assertThat(logging.getAppenders()).hasSize(1);
        return ((ConsoleAppenderFactory<?>) logging.getAppenders().get(0)).getLayout();
    }

    private static DiscoverableLayoutFactory<?> requestLayout(ConveyorConfiguration config) {
        LogbackAccessRequestLogFactory requestLog = (LogbackAccessRequestLogFactory)
                ((DefaultServerFactory) config.getServerFactory()).getRequestLogFactory();
        assertThat(requestLog.getAppenders()).hasSize(1);
        return ((ConsoleAppenderFactory<?>) requestLog.getAppenders().get(0)).getLayout();
    }

    /** The application log's layout of config.yml, built and started, as Dropwizard does at start. */
    @SuppressWarnings("unchecked") // the application log's appenders are for logging events
    private static LayoutBase<ILoggingEvent> applicationLayoutStarted(ConveyorConfiguration config) {
        var factory = (DiscoverableLayoutFactory<ILoggingEvent>) applicationLayout(config);
        LayoutBase<ILoggingEvent> layout = factory.build(new LoggerContext(), TimeZone.getTimeZone("UTC"));
        layout.start();
        return layout;
    }

    /** An INFO event with exactly this logging context (none read from the test's thread). */
    private static LoggingEvent event(Map<String, String> mdc) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent(
                LogFormatTest.class.getName(), context.getLogger(LOGGER), Level.INFO, "hello {}", null, new Object[] {
                    "there"
                });
        event.setMDCPropertyMap(mdc);
        return event;
    }
}
