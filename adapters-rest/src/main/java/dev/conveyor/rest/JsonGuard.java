package dev.conveyor.rest;

import dev.conveyor.rest.dto.ErrorResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Guards every request body as it streams in: over the size limit is 413; bytes that are not strict UTF-8,
 * and escapes of NUL or of unpaired surrogates anywhere in the JSON, are 400, since no stored text may hold
 * them. The checks cost one pass over bytes the parser reads anyway.
 */
@Provider
public final class JsonGuard implements ReaderInterceptor {
    private final long maxBytes;

    public JsonGuard(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // Jetty has already refused a malformed length; count the bytes instead
            }
        }
        context.setInputStream(new GuardedStream(context.getInputStream()));
        return context.proceed();
    }

    private WebApplicationException tooLarge() {
        return reject(413, "the request body is larger than the limit of " + maxBytes + " bytes");
    }

    private static WebApplicationException reject(int status, String message) {
        return new WebApplicationException(
                message,
                Response.status(status)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ErrorResponse(status, message))
                        .build());
    }

    /**
     * Counts bytes, checks strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF),
     * and decodes JSON {@code \\uXXXX} escapes to refuse NUL and unpaired surrogates, which no stored text may
     * hold. Byte by byte, so it holds across buffer boundaries.
     */
    private final class GuardedStream extends FilterInputStream {
        private long count;
        // UTF-8: continuation bytes still expected, and the range the next one must fall in.
        private int continuations;
        private int low = 0x80;
        private int high = 0xBF;
        // Escapes: 0 plain; 1 after a backslash; 2 to 5 reading the four hex digits of \\u.
        private int escape;
        private int code;
        private boolean highSurrogatePending;

        GuardedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                inspect(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                inspect(buffer[offset + i] & 0xFF);
            }
            return n;
        }

        private void inspect(int b) {
            if (++count > maxBytes) {
                throw tooLarge();
            }
            utf8(b);
            escapes(b);
        }

        private void utf8(int b) {
            if (continuations > 0) {
                if (b < low || b > high) {
                    throw notUtf8();
                }
                continuations--;
                low = 0x80;
                high = 0xBF;
                return;
            }
            if (b < 0x80) {
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                expect(1, 0x80, 0xBF);
            } else if (b == 0xE0) {
                expect(2, 0xA0, 0xBF); // no overlong three-byte forms
            } else if (b == 0xED) {
                expect(2, 0x80, 0x9F); // no UTF-16 surrogates encoded as UTF-8
            } else if (b >= 0xE1 && b <= 0xEF) {
                expect(2, 0x80, 0xBF);
            } else if (b == 0xF0) {
                expect(3, 0x90, 0xBF); // no overlong four-byte forms
            } else if (b >= 0xF1 && b <= 0xF3) {
                expect(3, 0x80, 0xBF);
            } else if (b == 0xF4) {
                expect(3, 0x80, 0x8F); // nothing past U+10FFFF
            } else {
                throw notUtf8(); // a stray continuation byte, an overlong lead C0/C1, or F5 to FF
            }
        }

        private void expect(int bytes, int firstLow, int firstHigh) {
            continuations = bytes;
            low = firstLow;
            high = firstHigh;
        }

        private void escapes(int b) {
            switch (escape) {
                case 0 -> {
                    if (b == '\\') {
                        escape = 1;
                    } else if (highSurrogatePending) {
                        throw unpairedSurrogate();
                    }
                }
                case 1 -> {
                    if (b == 'u') {
                        escape = 2;
                        code = 0;
                    } else if (highSurrogatePending) {
                        throw unpairedSurrogate();
                    } else {
                        escape = 0; // the escaped character is consumed whatever it is, so an escaped backslash ends
                        // here
                    }
                }
                default -> {
                    int digit = Character.digit(b, 16);
                    if (digit < 0) {
                        escape = 0; // not an escape after all: the parser reports it
                        return;
                    }
                    code = code * 16 + digit;
                    if (++escape == 6) {
                        escape = 0;
                        escaped(code);
                    }
                }
            }
        }

        private void escaped(int c) {
            if (c == 0) {
                throw reject(400, "the JSON contains a \\u0000 character, which is not allowed anywhere");
            }
            boolean isHigh = c >= 0xD800 && c <= 0xDBFF;
            boolean isLow = c >= 0xDC00 && c <= 0xDFFF;
            if (highSurrogatePending) {
                if (!isLow) {
                    throw unpairedSurrogate();
                }
                highSurrogatePending = false;
            } else if (isHigh) {
                highSurrogatePending = true;
            } else if (isLow) {
                throw unpairedSurrogate();
            }
        }
    }

    private static WebApplicationException notUtf8() {
        return reject(400, "the request body is not valid UTF-8");
    }

    private static WebApplicationException unpairedSurrogate() {
        return reject(
                400, "the JSON contains an unpaired surrogate escape (\\uD800 to \\uDFFF), which is no character");
    }
}
