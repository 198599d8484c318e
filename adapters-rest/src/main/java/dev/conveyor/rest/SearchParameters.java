package dev.conveyor.rest;

import dev.conveyor.domain.Violations;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The attribute criteria of a browse, given as {@code ?attribute.<key>=<value>}: one per value, OR within a key. */
final class SearchParameters {
    static final String ATTRIBUTE = "attribute.";

    private SearchParameters() {}

    private static final Set<String> NAMED = Set.of("limit", "offset", "text", "json_path", "label");

    /**
     * The attribute criteria; any other parameter than the browse's own is refused by name, so that a misspelt
     * criterion is not dropped silently, answering every message as if it matched.
     */
    static Map<String, List<String>> attributes(MultivaluedMap<String, String> query) {
        Violations violations = new Violations();
        query.keySet().stream()
                .filter(name -> !name.startsWith(ATTRIBUTE) && !NAMED.contains(name))
                .sorted()
                .forEach(name -> violations.check(
                        false,
                        "unknown query parameter " + name + "; a browse takes "
                                + "limit, offset, text, json_path, label and attribute.<key>"));
        violations.throwIfAny();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            if (name.startsWith(ATTRIBUTE)) {
                attributes.put(name.substring(ATTRIBUTE.length()), List.copyOf(values));
            }
        });
        return attributes;
    }
}
