package dev.conveyor.client;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Bearer tokens got from client credentials, renewed before they expire: once a fifth of their lifetime (at most a
 * minute) is left, so that a request never leaves with a token about to end; and at once when the server refuses one
 * (the client was changed, which revokes its tokens, or the clocks disagree).
 */
final class TokenSource implements Authorization {
    private static final Duration MAX_MARGIN = Duration.ofMinutes(1);

    private final Supplier<Token> issue;
    private final InstantSource clock;
    private String header;
    private Instant renewAt = Instant.MIN;

    TokenSource(Supplier<Token> issue, InstantSource clock) {
        this.issue = issue;
        this.clock = clock;
    }

    // Synchronized: threads that find the token due wait for the one renewal instead of each asking for a token.
    @Override
    public synchronized String header() {
        if (header == null || !clock.instant().isBefore(renewAt)) {
            Instant asked = clock.instant();
            Token token = issue.get();
            Duration lifetime = Duration.ofSeconds(token.expiresIn());
            Duration margin = lifetime.dividedBy(5);
            header = "Bearer " + token.accessToken();
            renewAt = asked.plus(lifetime).minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin);
        }
        return header;
    }

    @Override
    public synchronized boolean refused(String refused) {
        if (Objects.equals(refused, header)) {
            header = null;
        }
        return true;
    }
}
