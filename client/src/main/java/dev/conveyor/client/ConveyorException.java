package dev.conveyor.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Why a call failed: one subtype per thing a caller can do about it. Catch the subtypes that matter to you; a
 * {@code switch} over this sealed type can name them all.
 *
 * <p>The two that concern retries: {@link Unreachable} means the call did not take effect, or is idempotent so that
 * trying it again is safe; {@link MayHaveTakenEffect} means a call that is not idempotent (a publish without
 * deduplication ids, a receive, a create) was sent and its answer lost, so that it may or may not have happened.
 */
public abstract sealed class ConveyorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String requestId;

    ConveyorException(String message, int status, String requestId, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.requestId = requestId;
    }

    /** The HTTP status answered; 0 when no answer came. */
    public int status() {
        return status;
    }

    /**
     * The X-Request-ID of the failed call, to find it in the server's log: the client sends one with every call, the
     * same with each of its attempts, so that the log tells whether a call whose answer was lost was done.
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** 404: the queue, topic, subscription, client or message named does not exist. */
    public static final class NotFound extends ConveyorException {
        private static final long serialVersionUID = 1L;

        NotFound(String message, String requestId) {
            super(message, 404, requestId, null);
        }
    }

    /** 409: the name exists already, or the change conflicts with another resource (a dead-letter queue in use). */
    public static final class Conflict extends ConveyorException {
        private static final long serialVersionUID = 1L;

        Conflict(String message, String requestId) {
            super(message, 409, requestId, null);
        }
    }

    /** 422 (or 400, 413, 415): the request breaks a rule; nothing was changed. */
    public static final class Invalid extends ConveyorException {
        private static final long serialVersionUID = 1L;

        private final List<String> problems;

        Invalid(int status, List<String> problems, String requestId) {
            super(String.join("; ", problems), status, requestId, null);
            this.problems = List.copyOf(problems);
        }

        /** Every rule the request broke, each naming its field, as the server listed them. */
        public List<String> problems() {
            return problems;
        }
    }

    /** 429: the queue is full (its max_messages); nothing was stored. */
    public static final class TooManyRequests extends ConveyorException {
        private static final long serialVersionUID = 1L;

        private final transient Duration retryAfter;

        TooManyRequests(String message, Duration retryAfter, String requestId) {
            super(message, 429, requestId, null);
            this.retryAfter = retryAfter;
        }

        /** How long the server asked to wait before trying again, when it said. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /**
     * 503 (or 502, 504): the server cannot serve now (its database is unreachable, or it is stopping). Answered after
     * the retries of an idempotent call ran out, or at once for a call that is not retried.
     */
    public static final class Unavailable extends ConveyorException {
        private static final long serialVersionUID = 1L;

        private final transient Duration retryAfter;

        Unavailable(int status, String message, Duration retryAfter, String requestId) {
            super(message, status, requestId, null);
            this.retryAfter = retryAfter;
        }

        /** How long the server asked to wait before trying again, when it said. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** 401: no valid token (missing, expired, revoked), or the client credentials were refused. */
    public static final class Unauthorized extends ConveyorException {
        private static final long serialVersionUID = 1L;

        Unauthorized(String message, String requestId) {
            super(message, 401, requestId, null);
        }
    }

    /** 403: the token is valid but lacks the scope the call needs. */
    public static final class Forbidden extends ConveyorException {
        private static final long serialVersionUID = 1L;

        Forbidden(String message, String requestId) {
            super(message, 403, requestId, null);
        }
    }

    /**
     * No answer, for a call where that is safe: the server could not be reached (so the call did not happen), or the
     * call is idempotent and its retries ran out. Trying again later is safe.
     */
    public static final class Unreachable extends ConveyorException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, String requestId, Throwable cause) {
            super(message, 0, requestId, cause);
        }
    }

    /**
     * A call that is not idempotent was sent and its answer was lost (the connection broke, or the timeout passed):
     * the server may have done it or not. Not retried, since doing it twice (two copies of a message, two leases) is
     * worse than telling. Publish with deduplication ids to make a publish safe to retry.
     */
    public static final class MayHaveTakenEffect extends ConveyorException {
        private static final long serialVersionUID = 1L;

        MayHaveTakenEffect(String message, String requestId, Throwable cause) {
            super(message, 0, requestId, cause);
        }
    }

    /** The calling thread was interrupted while it waited for an answer or a retry; its interrupt flag is set again. */
    public static final class Interrupted extends ConveyorException {
        private static final long serialVersionUID = 1L;

        Interrupted(String message, String requestId, Throwable cause) {
            super(message, 0, requestId, cause);
        }
    }

    /** Any other answer (a 500, an unexpected status or body): a fault of the server or of the client. */
    public static final class UnexpectedResponse extends ConveyorException {
        private static final long serialVersionUID = 1L;

        UnexpectedResponse(int status, String message, String requestId, Throwable cause) {
            super(message, status, requestId, cause);
        }
    }
}
