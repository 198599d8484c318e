package dev.conveyor.bootstrap.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;

/**
 * {@code layout: {type: access-text}}: Dropwizard's request log line, followed by the response headers named
 * in {@code responseHeaders}, the same property Dropwizard's {@code access-json} layout takes; so one setting
 * switches both, and both carry the request id.
 */
@JsonTypeName("access-text")
public final class AccessTextLayoutFactory implements DiscoverableLayoutFactory<IAccessEvent> {
    @JsonProperty
    private Set<String> responseHeaders = Set.of();

    @Override
    public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
        LogbackAccessRequestLayout layout = new LogbackAccessRequestLayout(context, timeZone);
        StringBuilder pattern = new StringBuilder(layout.getPattern());
        for (String header : new TreeSet<>(responseHeaders)) {
            pattern.append(' ')
                    .append(header)
                    .append('=')
                    .append("%responseHeader{")
                    .append(header)
                    .append('}');
        }
        layout.setPattern(pattern.toString());
        return layout;
    }
}
