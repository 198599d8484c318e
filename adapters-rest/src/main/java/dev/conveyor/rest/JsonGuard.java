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
 * Guards every request body as it streams in: over the size limit is 413, and an escaped NUL character
 * ({@code \u0000}) anywhere in the JSON is 400, since no stored text may contain one. Both checks cost one
 * pass over bytes the parser reads anyway.
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
    return new WebApplicationException(message, Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorResponse(status, message))
        .build());
  }

  /** Counts bytes and follows JSON escapes byte by byte, across buffer boundaries. */
  private final class GuardedStream extends FilterInputStream {
    private long count;
    // 0: plain; 1: after a backslash; 2..5: after \\u, \\u0, \\u00, \\u000
    private int escape;

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
        inspect(buffer[offset + i]);
      }
      return n;
    }

    private void inspect(int b) {
      if (++count > maxBytes) {
        throw tooLarge();
      }
      switch (escape) {
        case 0 -> escape = b == '\\' ? 1 : 0;
        // The escaped character is consumed whatever it is, so "\\\\u0000" (an escaped backslash) is no NUL.
        case 1 -> escape = b == 'u' ? 2 : 0;
        case 2, 3, 4 -> escape = b == '0' ? escape + 1 : 0;
        case 5 -> {
          if (b == '0') {
            throw reject(400, "the JSON contains a \\u0000 character, which is not allowed anywhere");
          }
          escape = 0;
        }
        default -> escape = 0;
      }
    }
  }
}
