package dev.conveyor.sqs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An SQS request's body, read by the endpoint itself rather than by /v1's body guard, so that a body too large,
 * cut short or not UTF-8 is refused as SQS refuses, in the protocol the request used. Read once, when the protocol
 * asks for it, and never past the limit.
 */
final class SqsBody {
    static final String ENDED_EARLY = "The request body ended before it was complete (a malformed chunk, or fewer"
            + " bytes than its Content-Length).";

    private final InputStream in;
    private final long declaredLength;
    private final long maxBytes;
    private byte[] bytes;

    /**
     * @param declaredLength the Content-Length, or -1 when the body comes in chunks
     * @param maxBytes the largest body accepted ({@code messaging.maxRequestSize}, as on /v1)
     */
    SqsBody(InputStream in, long declaredLength, long maxBytes) {
        this.in = in;
        this.declaredLength = declaredLength;
        this.maxBytes = maxBytes;
    }

    /**
     * The body's bytes: RequestEntityTooLarge over the limit (announced or counted), {@code malformed} when it ends
     * before it is complete (a bad chunk, fewer bytes than its Content-Length).
     */
    byte[] bytes(SqsError malformed) {
        if (bytes == null) {
            if (declaredLength > maxBytes) {
                throw tooLarge();
            }
            byte[] read;
            try {
                read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            } catch (IOException | RuntimeException cutShort) {
                // Jetty reports a body that ends early as an end of file, or as a bad message for a broken chunk.
                throw malformed.because(ENDED_EARLY);
            }
            if (read.length > maxBytes) {
                throw tooLarge();
            }
            bytes = read;
        }
        return bytes;
    }

    /** The body as text; {@code malformed} also when it is not UTF-8, which both SQS protocols require. */
    String text(SqsError malformed) {
        return utf8(bytes(malformed), malformed, "The request body is not valid UTF-8.");
    }

    /** Strict UTF-8 (no replacement characters, no encoded surrogates), or {@code error} saying {@code message}. */
    static String utf8(byte[] bytes, SqsError error, String message) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error.because(message);
        }
    }

    private SqsException tooLarge() {
        return SqsError.REQUEST_ENTITY_TOO_LARGE.because(
                "The request body is larger than this endpoint's limit of " + maxBytes + " bytes.");
    }
}
