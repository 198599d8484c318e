package dev.conveyor.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How calls that are safe to repeat are retried on a 503 or a connection failure: up to {@code maxAttempts} attempts
 * in all, waiting before each retry a random time between 0 and {@code min(maxBackoff, initialBackoff * 2^(n-1))}
 * ("full jitter", so that many clients failing together do not retry together), or the server's Retry-After when it
 * gave one.
 *
 * @param maxAttempts attempts in all, the first included; 1 never retries
 * @param initialBackoff the cap of the first retry's wait
 * @param maxBackoff the largest cap of any wait, and the longest Retry-After honoured
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** Checks the bounds. */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** Five attempts, waits capped at 100 ms, 200 ms, 400 ms, 800 ms: about 1.5 s at most in all without Retry-After. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /** One attempt: every failure is answered at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): the server's Retry-After when given (capped at
     * maxBackoff), else a full-jitter draw.
     */
    Duration delay(int retry, Duration retryAfter, RandomGenerator random) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        long cap = initialBackoff.toNanos();
        for (int i = 1; i < retry && cap < maxBackoff.toNanos(); i++) {
            cap *= 2;
        }
        cap = Math.min(cap, maxBackoff.toNanos());
        return cap == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(cap + 1));
    }
}
