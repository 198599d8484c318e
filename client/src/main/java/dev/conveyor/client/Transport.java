package dev.conveyor.client;

import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Sends one API call: its attempts, the waits between them, the token, and the typed error. The one place that
 * decides what is retried:
 *
 * <ul>
 *   <li>a request that never reached the server (the connection was refused or not made in time): always;
 *   <li>a 503 (502, 504) or a lost answer (the connection broke, the timeout passed): only an idempotent call; any
 *       other surfaces a lost answer as {@link ConveyorException.MayHaveTakenEffect} and a 503 as
 *       {@link ConveyorException.Unavailable};
 *   <li>a 401: once, with a renewed token (the server refused the request before doing anything).
 * </ul>
 */
final class Transport {
    private static final System.Logger LOG = System.getLogger(Transport.class.getName());

    /** Whether doing a call twice is the same as doing it once. */
    enum Safety {
        IDEMPOTENT,
        NOT_IDEMPOTENT
    }

    /**
     * One call: its method, path (with the query), JSON body (null for none), its safety, the time it may take beyond
     * the client's request timeout (a long poll's wait), whether it carries the token, and whether a 404 after a lost
     * answer means it was done (a delete whose first attempt went through).
     */
    record Call(
            String method,
            String path,
            String body,
            String contentType,
            Safety safety,
            Duration extraTime,
            boolean authenticated,
            boolean goneMeansDone) {
        static Call get(String path) {
            return new Call("GET", path, null, null, Safety.IDEMPOTENT, Duration.ZERO, true, false);
        }

        static Call delete(String path) {
            return new Call("DELETE", path, null, null, Safety.IDEMPOTENT, Duration.ZERO, true, true);
        }

        static Call post(String path, Object body, Safety safety) {
            return new Call("POST", path, Json.write(body), "application/json", safety, Duration.ZERO, true, false);
        }

        static Call put(String path, Object body) {
            return new Call(
                    "PUT", path, Json.write(body), "application/json", Safety.IDEMPOTENT, Duration.ZERO, true, false);
        }

        static Call patch(String path, MergePatch patch) {
            return new Call(
                    "PATCH",
                    path,
                    Json.write(patch.document()),
                    "application/merge-patch+json",
                    Safety.IDEMPOTENT,
                    Duration.ZERO,
                    true,
                    false);
        }

        Call withExtraTime(Duration value) {
            return new Call(method, path, body, contentType, safety, value, authenticated, goneMeansDone);
        }

        Call unauthenticated() {
            return new Call(method, path, body, contentType, safety, extraTime, false, goneMeansDone);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Waits between attempts; a test's may not wait at all. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String base;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final RetryPolicy retries;
    private final Authorization authorization;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    Transport(
            String base,
            HttpClient http,
            Duration requestTimeout,
            RetryPolicy retries,
            Authorization authorization,
            Sleeper sleeper,
            RandomGenerator random) {
        this.base = base;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.authorization = authorization;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** What a call answers: a JSON body read as a {@code T}, or nothing. */
    // T only marks the type read, so that send answers a T without a cast at each call.
    @SuppressWarnings("UnusedTypeParameter")
    record Answer<T>(JavaType type) {
        static final Answer<Void> NONE = new Answer<>(null);

        static <T> Answer<T> of(Class<T> type) {
            return new Answer<>(Json.MAPPER.getTypeFactory().constructType(type));
        }

        static <I> Answer<Page<I>> page(Class<I> item) {
            return new Answer<>(Json.MAPPER.getTypeFactory().constructParametricType(Page.class, item));
        }

        static <I> Answer<List<I>> data(Class<I> item) {
            return new Answer<>(Json.MAPPER.getTypeFactory().constructParametricType(Data.class, item));
        }
    }

    /** The answer of a publish and of a receive: {@code {"data": [...]}}. */
    record Data<T>(List<T> data) {}

    /** Sends the call and reads its answer; null for none (a 204). */
    <T> T send(Call call, Answer<T> answer) {
        HttpResponse<byte[]> response = exchange(call);
        if (answer.type() == null || response.statusCode() == 204 || response.body().length == 0) {
            return null;
        }
        try {
            Object read = Json.MAPPER.readValue(response.body(), answer.type());
            @SuppressWarnings("unchecked") // the type was made from T's class, or is the Data wrapper of a list of T
            T value = (T) (read instanceof Data<?> data ? data.data() : read);
            return value;
        } catch (IOException e) {
            throw new ConveyorException.UnexpectedResponse(
                    response.statusCode(),
                    call + " answered a body that is not the expected "
                            + answer.type().getRawClass().getSimpleName(),
                    response.headers().firstValue("X-Request-ID").orElse(null),
                    e);
        }
    }

    private HttpResponse<byte[]> exchange(Call call) {
        // One id for every attempt of the call: the server logs each request with it, so that its log tells whether
        // a call whose answer was lost was done.
        String requestId = UUID.randomUUID().toString();
        boolean renewedToken = false;
        boolean answerLost = false;
        int attempt = 1;
        while (true) {
            String header = call.authenticated() ? authorization.header() : null;
            HttpResponse<byte[]> response;
            try {
                response = http.send(request(call, header, requestId), HttpResponse.BodyHandlers.ofByteArray());
            } catch (ConnectException | HttpConnectTimeoutException notSent) {
                // The request never left: trying again cannot do anything twice.
                if (attempt >= retries.maxAttempts()) {
                    throw new ConveyorException.Unreachable(
                            call + ": cannot connect to " + base + " (" + attempt + " attempts)", requestId, notSent);
                }
                pause(call, requestId, attempt++, null, notSent.toString());
                continue;
            } catch (IOException lost) {
                if (call.safety() != Safety.IDEMPOTENT) {
                    throw new ConveyorException.MayHaveTakenEffect(
                            call + ": sent, but its answer was lost (" + lost + "); it may or may not have been done",
                            requestId,
                            lost);
                }
                if (attempt >= retries.maxAttempts()) {
                    throw new ConveyorException.Unreachable(
                            call + ": no answer after " + attempt + " attempts (" + lost + ")", requestId, lost);
                }
                answerLost = true;
                pause(call, requestId, attempt++, null, lost.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConveyorException.Interrupted(
                        call + ": interrupted while waiting for the answer", requestId, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            if (status == 401 && header != null && !renewedToken && authorization.refused(header)) {
                // Refused before anything was done: safe to send again, even a publish, with a new token.
                renewedToken = true;
                continue;
            }
            if (status == 404 && answerLost && call.goneMeansDone()) {
                return response;
            }
            if ((status == 502 || status == 503 || status == 504)
                    && call.safety() == Safety.IDEMPOTENT
                    && attempt < retries.maxAttempts()) {
                pause(call, requestId, attempt++, Errors.retryAfter(response), "HTTP " + status);
                continue;
            }
            throw Errors.from(response, requestId);
        }
    }

    private void pause(Call call, String requestId, int attempt, Duration retryAfter, String why) {
        Duration delay = retries.delay(attempt, retryAfter, random);
        LOG.log(Level.DEBUG, () -> call + ": attempt " + attempt + " failed (" + why + "); retrying in " + delay);
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConveyorException.Interrupted(call + ": interrupted while waiting to retry", requestId, e);
        }
    }

    private HttpRequest request(Call call, String authorizationHeader, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path()))
                .timeout(requestTimeout.plus(call.extraTime()))
                .header("Accept", "application/json")
                .header("User-Agent", "conveyor-java-client")
                .header("X-Request-ID", requestId)
                .method(
                        call.method(),
                        call.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        if (authorizationHeader != null) {
            request.header("Authorization", authorizationHeader);
        }
        return request.build();
    }
}
