package dev.conveyor.sqs;

import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * AWS Query: {@code Action=<Action>&Version=2012-11-05} and flattened parameters ({@code Attribute.1.Name}), in a
 * form body or the URL's query; answers in XML in SQS's 2012-11-05 namespace, lists flattened.
 */
final class QueryProtocol implements SqsProtocol {
    static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";

    private final Map<String, List<String>> form = new LinkedHashMap<>();
    private final String rawQuery;
    private final SqsBody body;
    private final boolean formBody;
    private final String pathQueueUrl;

    /**
     * @param rawQuery the URL's query, still percent-encoded, or null
     * @param body the request's body, read with it when {@code formBody} (a form-encoded body, or no content type)
     */
    QueryProtocol(String rawQuery, SqsBody body, boolean formBody, String pathQueueUrl) {
        this.rawQuery = rawQuery;
        this.body = body;
        this.formBody = formBody;
        this.pathQueueUrl = pathQueueUrl;
    }

    @Override
    public SqsRequest read() {
        parse(rawQuery == null ? "" : rawQuery);
        if (formBody) {
            parse(body.text(malformedBody()));
        }
        String name = first("Action")
                .orElseThrow(
                        () -> SqsError.MISSING_PARAMETER.because("The request must contain the parameter Action."));
        SqsAction action = SqsProtocol.action(name);
        return new SqsRequest(action, new Flattened(action, ""), pathQueueUrl);
    }

    private void parse(String encoded) {
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            // Named as sent, and never a whole body back: a value may be a megabyte.
            String label = rawName.length() > 100 ? rawName.substring(0, 100) + "..." : rawName;
            String name = decode(rawName, label);
            String value = decode(equals < 0 ? "" : pair.substring(equals + 1), label);
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    /**
     * Form decoding ({@code +} a space, {@code %XX} a byte) whose bytes must be UTF-8: URLDecoder would put
     * replacement characters in place of bytes that are not, and a message would be stored changed.
     */
    private static String decode(String part, String parameter) {
        if (part.indexOf('%') < 0 && part.indexOf('+') < 0) {
            return part;
        }
        byte[] in = part.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int high = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
                int low = high < 0 ? -1 : Character.digit(in[i + 2], 16);
                if (low < 0) {
                    throw SqsError.INVALID_PARAMETER_VALUE.because(
                            "The form parameter " + parameter + " is malformed: a % not followed by two hex digits.");
                }
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return SqsBody.utf8(
                out.toByteArray(),
                SqsError.INVALID_PARAMETER_VALUE,
                "The form parameter " + parameter + " is not valid UTF-8 once percent-decoded.");
    }

    private Optional<String> first(String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The Query name of a JSON member, as SQS's Query model flattens it: {@code Attributes} as {@code Attribute.N},
     * a batch's {@code Entries} as {@code <Action>RequestEntry.N}.
     */
    private static String flattened(SqsAction action, String jsonName) {
        return switch (jsonName) {
            case "tags" -> "Tag";
            case "Entries" -> action.name() + "RequestEntry";
            case "Actions" -> "ActionName";
            default -> jsonName.endsWith("s") ? jsonName.substring(0, jsonName.length() - 1) : jsonName;
        };
    }

    /** The indices N of the parameters {@code prefix.N<suffix>}, in order, with the first value of each. */
    private Map<Integer, String> numbered(String prefix, String suffix) {
        Map<Integer, String> entries = new TreeMap<>();
        form.forEach((key, values) -> {
            if (key.startsWith(prefix + ".") && key.endsWith(suffix) && !values.isEmpty()) {
                String index = key.substring(prefix.length() + 1, key.length() - suffix.length());
                if (isIndex(index)) {
                    entries.put(Integer.parseInt(index), values.get(0));
                }
            }
        });
        return entries;
    }

    /** A list index as Query numbers them: digits only, and few enough to be an int. */
    private static boolean isIndex(String text) {
        return !text.isEmpty() && text.length() < 6 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The parameters under {@code prefix} (empty for the request's own, {@code Entry.1.} for an entry's). */
    private final class Flattened implements SqsRequest.Parameters {
        private final SqsAction action;
        private final String prefix;

        Flattened(SqsAction action, String prefix) {
            this.action = action;
            this.prefix = prefix;
        }

        private String name(String jsonName) {
            return prefix + flattened(action, jsonName);
        }

        @Override
        public Optional<String> text(String name) {
            return first(prefix + name);
        }

        @Override
        public Map<String, String> map(String name) {
            String flat = name(name);
            Map<Integer, String> keys = numbered(flat, ".Name");
            if (keys.isEmpty()) {
                keys = numbered(flat, ".Key"); // tags
            }
            Map<Integer, String> values = numbered(flat, ".Value");
            Map<String, String> map = new LinkedHashMap<>();
            keys.forEach((index, key) -> {
                String value = values.get(index);
                if (value == null) {
                    throw SqsError.MISSING_PARAMETER.because(
                            "The request must contain the parameter " + flat + "." + index + ".Value.");
                }
                map.put(key, value);
            });
            return map;
        }

        @Override
        public List<String> list(String name) {
            return new ArrayList<>(numbered(name(name), "").values());
        }

        @Override
        public boolean present(String name) {
            String flat = name(name);
            return form.containsKey(prefix + name)
                    || form.keySet().stream().anyMatch(key -> key.startsWith(flat + "."));
        }

        @Override
        public List<SqsRequest.Parameters> entries(String name) {
            String flat = name(name);
            Set<Integer> indices = new TreeSet<>();
            form.keySet().forEach(key -> {
                if (key.startsWith(flat + ".")) {
                    String rest = key.substring(flat.length() + 1);
                    int dot = rest.indexOf('.');
                    String index = dot < 0 ? rest : rest.substring(0, dot);
                    if (isIndex(index)) {
                        indices.add(Integer.parseInt(index));
                    }
                }
            });
            List<SqsRequest.Parameters> entries = new ArrayList<>();
            indices.forEach(index -> entries.add(new Flattened(action, flat + "." + index + ".")));
            return entries;
        }

        @Override
        public Map<String, SqsRequest.Parameters> structures(String name) {
            String flat = name(name);
            Map<String, SqsRequest.Parameters> map = new LinkedHashMap<>();
            numbered(flat, ".Name")
                    .forEach((index, key) -> map.put(key, new Flattened(action, flat + "." + index + ".Value.")));
            return map;
        }
    }

    @Override
    public Response render(SqsAction action, SqsAnswer result, String requestId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.append('<')
                .append(action.name())
                .append("Response xmlns=\"")
                .append(NAMESPACE)
                .append("\">");
        if (result != null) {
            String element = action.name() + "Result";
            xml.append('<').append(element).append('>');
            append(xml, result);
            xml.append("</").append(element).append('>');
        }
        xml.append("<ResponseMetadata><RequestId>").append(escape(requestId)).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(action.name()).append("Response>");
        return respond(200, xml, requestId);
    }

    @Override
    public SqsError malformedBody() {
        return SqsError.INVALID_PARAMETER_VALUE;
    }

    @Override
    public Response renderError(SqsException error, String requestId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.append("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\"><Error><Type>");
        xml.append(error.error().fault()).append("</Type><Code>");
        xml.append(escape(error.error().queryCode())).append("</Code><Message>");
        xml.append(escape(error.getMessage())).append("</Message><Detail/></Error><RequestId>");
        xml.append(escape(requestId)).append("</RequestId></ErrorResponse>");
        return respond(error.error().status(), xml, requestId);
    }

    private static Response respond(int status, StringBuilder xml, String requestId) {
        return Response.status(status)
                .type("text/xml; charset=UTF-8")
                .header("x-amzn-RequestId", requestId)
                .entity(xml.toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static void append(StringBuilder xml, SqsAnswer answer) {
        answer.members().forEach((name, value) -> {
            if (value instanceof SqsAnswer.Repeated list) {
                list.items().forEach(item -> element(xml, list.xmlName(), item));
            } else if (value instanceof SqsAnswer.Keyed map) {
                map.values().forEach((key, item) -> {
                    xml.append('<').append(map.xmlName()).append('>');
                    element(xml, map.keyName(), key);
                    element(xml, "Value", item);
                    xml.append("</").append(map.xmlName()).append('>');
                });
            } else {
                element(xml, name, value);
            }
        });
    }

    private static void element(StringBuilder xml, String name, Object value) {
        xml.append('<').append(name).append('>');
        if (value instanceof SqsAnswer nested) {
            append(xml, nested);
        } else {
            xml.append(escape(String.valueOf(value)));
        }
        xml.append("</").append(name).append('>');
    }

    /** XML text; a carriage return as a reference, or an XML parser would read it as a line feed. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
