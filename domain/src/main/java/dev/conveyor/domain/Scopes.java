package dev.conveyor.domain;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The scopes a client holds, written as one space-separated string; at least one. */
public record Scopes(Set<Scope> granted) {
    /** The most scopes a client holds: enough for any real grant, small enough for a token. */
    public static final int MAX = 100;

    public Scopes {
        if (granted == null || granted.isEmpty() || granted.size() > MAX) {
            throw ConveyorException.invalid("scopes must hold 1 to " + MAX + " space-separated scopes");
        }
        granted = Set.copyOf(granted);
    }

    /** Parses {@code "queues:consume:orders topics:publish"}; any broken scope refuses the whole string. */
    public static Scopes parse(String text) {
        if (text == null || text.isBlank()) {
            throw ConveyorException.invalid("scopes must hold 1 to " + MAX + " space-separated scopes");
        }
        Set<Scope> scopes = new java.util.HashSet<>();
        for (String part : text.trim().split(" +")) {
            scopes.add(Scope.parse(part));
        }
        return new Scopes(scopes);
    }

    /** Whether any scope allows {@code action} on the named resource, or on all of them when {@code name} is null. */
    public boolean allow(String resources, String action, String name) {
        return granted.stream().anyMatch(scope -> scope.allows(resources, action, name));
    }

    /** The first of {@code requested} that these scopes do not include, if any: one cannot grant what one lacks. */
    public java.util.Optional<Scope> firstNotCovered(Scopes requested) {
        return requested.granted().stream()
                .sorted(java.util.Comparator.comparing(Scope::toString))
                .filter(scope -> scope.equals(Scope.ALL)
                        ? !granted.contains(Scope.ALL)
                        : !allow(scope.resources(), scope.action(), scope.name()))
                .findFirst();
    }

    /** The scopes as one string, sorted, so that equal sets always read the same. */
    public String text() {
        return granted.stream().map(Scope::toString).collect(Collectors.toCollection(TreeSet::new)).stream()
                .collect(Collectors.joining(" "));
    }
}
