package dev.conveyor.sqs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request exactly as it came, for checking its signature: what the client signed is the bytes it sent, not what
 * a framework makes of them.
 *
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent, still percent-encoded; null or empty when there is none
 * @param headers every header, looked up by name in any case
 */
@SuppressWarnings("ArrayRecordComponent") // the body as received, hashed once, never compared as a record
record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    SignedRequest {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> byName.put(name, List.copyOf(values)));
        }
        headers = byName;
        body = body == null ? new byte[0] : body;
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    }

    /** The header's first value, or null when it was not sent. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
