package dev.conveyor.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the API's answers (records) as JSON with the application's mapper. Jersey picks it over Jackson's
 * JAX-RS provider, which is nearer to {@code Record} than to {@code Object}; that provider keyed a cache by
 * the resource method's annotations on every answer, hashing each swagger annotation reflectively: 9 % of a
 * publish's server time in the profile. Annotations change nothing in how a record is written here.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public final class RecordJsonWriter implements MessageBodyWriter<Record> {
    private final ObjectMapper mapper;
    private final Map<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

    public RecordJsonWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Record.class.isAssignableFrom(type) && isJson(mediaType);
    }

    private static boolean isJson(MediaType mediaType) {
        return mediaType == null
                || mediaType.isWildcardType()
                || (mediaType.getType().equals("application")
                        && (mediaType.getSubtype().equals("json")
                                || mediaType.getSubtype().endsWith("+json")));
    }

    @Override
    public void writeTo(
            Record value,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> headers,
            OutputStream out)
            throws IOException {
        // By the declared type, so a DataResponse<MessageResponse> is written as one, like Jackson's provider did.
        Type declared = genericType != null ? genericType : type;
        writers.computeIfAbsent(
                        declared, t -> mapper.writerFor(mapper.getTypeFactory().constructType(t)))
                .writeValue(new NonClosing(out), value);
    }

    /** Jersey closes the entity stream itself; the mapper must not. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
