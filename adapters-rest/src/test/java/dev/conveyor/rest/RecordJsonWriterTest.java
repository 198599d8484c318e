package dev.conveyor.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.rest.dto.DataResponse;
import dev.conveyor.rest.dto.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonWriterTest {
    private final ObjectMapper mapper = ConveyorJson.configure(new ObjectMapper());
    private final RecordJsonWriter writer = new RecordJsonWriter(mapper);

    record Stamp(Instant at) {}

    /** A field of the declared type, for its generic type. */
    static DataResponse<Stamp> declared;

    @Test
    void writesARecordAsTheApplicationsMapperDoesByItsDeclaredGenericType() throws Exception {
        DataResponse<Stamp> answer = new DataResponse<>(List.of(new Stamp(Instant.parse("2031-01-02T03:04:05.1Z"))));
        Type generic = RecordJsonWriterTest.class.getDeclaredField("declared").getGenericType();

        assertThat(write(answer, generic)).isEqualTo("{\"data\":[{\"at\":\"2031-01-02T03:04:05.100000Z\"}]}");
    }

    @Test
    void leavesTheStreamOpenForJerseyToClose() throws Exception {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        writer.writeTo(
                new ErrorResponse(404, "gone"),
                ErrorResponse.class,
                ErrorResponse.class,
                new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(),
                out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"code\":404,\"message\":\"gone\"}");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void writesOnlyRecordsAndOnlyAsJson() {
        Annotation[] none = new Annotation[0];
        assertThat(writer.isWriteable(ErrorResponse.class, ErrorResponse.class, none, MediaType.APPLICATION_JSON_TYPE))
                .isTrue();
        assertThat(writer.isWriteable(
                        ErrorResponse.class, ErrorResponse.class, none, MediaType.valueOf("application/problem+json")))
                .isTrue();
        assertThat(writer.isWriteable(ErrorResponse.class, ErrorResponse.class, none, MediaType.TEXT_PLAIN_TYPE))
                .isFalse();
        assertThat(writer.isWriteable(String.class, String.class, none, MediaType.APPLICATION_JSON_TYPE))
                .isFalse();
    }

    private String write(Record value, Type generic) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(
                value,
                value.getClass(),
                generic,
                new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(),
                out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
