package dev.conveyor.sqs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The canonical request of AWS Signature Version 4, as the AWS SDKs build it for every service but S3: the method,
 * the path (normalized, and each segment URI-encoded once more, since signers encode the already-encoded path),
 * the sorted, re-encoded query, the signed headers with trimmed values, their names, and the payload's hash.
 */
final class CanonicalRequest {
    private CanonicalRequest() {}

    /**
     * @param signedHeaders lowercase header names, as the client listed them in SignedHeaders
     * @param excludedQueryParameter left out of the canonical query (X-Amz-Signature of a presigned URL), or null
     */
    static String of(
            SignedRequest request, List<String> signedHeaders, String payloadHash, String excludedQueryParameter) {
        StringBuilder canonical = new StringBuilder(256)
                .append(request.method())
                .append('\n')
                .append(uri(request.rawPath()))
                .append('\n')
                .append(query(request.rawQuery(), excludedQueryParameter))
                .append('\n');
        for (String name : signedHeaders) {
            canonical
                    .append(name)
                    .append(':')
                    .append(headerValue(request.headers().get(name)))
                    .append('\n');
        }
        return canonical
                .append('\n')
                .append(String.join(";", signedHeaders))
                .append('\n')
                .append(payloadHash)
                .toString();
    }

    /** The path without {@code .} and {@code ..} segments, each segment encoded (empty segments are kept). */
    static String uri(String rawPath) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.equals(".") || part.equals("..")) {
                if (part.equals("..") && !segments.isEmpty()) {
                    segments.removeLast();
                }
                if (last) {
                    segments.addLast(""); // "/a/." and "/a/.." name a directory: keep the trailing slash
                }
            } else {
                segments.addLast(encode(part));
            }
        }
        return "/" + String.join("/", segments);
    }

    /** The query's parameters decoded and re-encoded the one way SigV4 allows, sorted by name, then by value. */
    static String query(String rawQuery, String excludedParameter) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = encode(decode(equals < 0 ? pair : pair.substring(0, equals)));
            String value = equals < 0 ? "" : encode(decode(pair.substring(equals + 1)));
            if (!name.equals(excludedParameter)) {
                pairs.add(Map.entry(name, value));
            }
        }
        return pairs.stream()
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(pair -> pair.getKey() + "=" + pair.getValue())
                .collect(Collectors.joining("&"));
    }

    /** A header's values, each trimmed with its inner runs of spaces made one, joined by commas. */
    private static String headerValue(List<String> values) {
        if (values == null) {
            return "";
        }
        return values.stream()
                .map(value -> value.trim().replaceAll("\\s+", " "))
                .collect(Collectors.joining(","));
    }

    /** RFC 3986 encoding of the UTF-8 bytes: unreserved characters as they are, every other byte as %XX. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    /** Percent-decoding only: a {@code +} stays a plus, as SigV4 signers never send one for a space. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                byte[] raw = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
