package dev.conveyor.bootstrap.logging;

import ch.qos.logback.access.jetty.RequestLogImpl;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import org.eclipse.jetty.server.RequestLog;

/**
 * {@code requestLog: {type: conveyor}}: Dropwizard's request log, without the status lines logback-access
 * prints about itself at start. In the shaded jar it cannot read its own version from its manifest, so it
 * always printed a version warning, in plain text, even among JSON log lines.
 */
@JsonTypeName("conveyor")
public final class QuietRequestLogFactory extends LogbackAccessRequestLogFactory {
    @Override
    public RequestLog build(String name) {
        RequestLog log = super.build(name);
        if (log instanceof RequestLogImpl logback) {
            logback.setQuiet(true);
        }
        return log;
    }
}
