package dev.conveyor.bootstrap.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.TimeZone;

/**
 * {@code layout: {type: text}}: Dropwizard's human-readable line with the request id after the level, present
 * only on lines written while serving a request. The counterpart of Dropwizard's {@code json} layout, so that
 * one setting ({@code CONVEYOR_LOG_FORMAT}) picks either.
 */
@JsonTypeName("text")
public final class TextLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {
    static final String PATTERN = "%-5p [%d{ISO8601,UTC}] %replace([%X{request_id}] ){'^\\[\\] $', ''}%c: %m%n%rEx";

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        DropwizardLayout layout = new DropwizardLayout(context, timeZone);
        layout.setPattern(PATTERN);
        return layout;
    }
}
