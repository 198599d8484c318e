package dev.conveyor.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One permission a client holds: {@code *} (everything), or {@code <resources>:<action>}, optionally ending in
 * {@code :<name>} to hold for that one topic, queue, subscription or client only.
 *
 * @param resources {@code topics}, {@code queues}, {@code subscriptions} or {@code clients}; null for {@code *}
 * @param action what may be done to them, one of the resource kind's actions; null for {@code *}
 * @param name the one resource it holds for, or null for all of them
 */
public record Scope(String resources, String action, String name) {
    public static final Scope ALL = new Scope(null, null, null);

    /** Every resource kind and its actions, as API.md lists them. */
    public static final Map<String, List<String>> ACTIONS = Map.of(
            "topics", List.of("create", "read", "delete", "publish"),
            "queues", List.of("create", "read", "update", "delete", "publish", "consume", "manage"),
            "subscriptions", List.of("create", "read", "delete"),
            "clients", List.of("create", "read", "update", "delete"));

    public Scope {
        if (resources == null || action == null) {
            if (resources != null || action != null || name != null) {
                throw ConveyorException.invalid("scopes: '*' holds for everything and takes no resource or action");
            }
        } else {
            List<String> actions = ACTIONS.get(resources);
            if (actions == null || !actions.contains(action)) {
                throw ConveyorException.invalid("scopes: '" + resources + ":" + action + "' is not a scope; "
                        + "scopes are '*' or one of " + known());
            }
            if (name != null && !Names.isValid(name)) {
                throw ConveyorException.invalid(
                        "scopes: the name in '" + resources + ":" + action + ":" + name + "' " + Names.RULE);
            }
        }
    }

    /** The scope the text names: {@code *}, {@code queues:consume} or {@code queues:consume:orders}. */
    public static Scope parse(String text) {
        if ("*".equals(text)) {
            return ALL;
        }
        String[] parts = text == null ? new String[0] : text.split(":", 3);
        if (parts.length < 2) {
            throw ConveyorException.invalid(
                    "scopes: '" + text + "' is not a scope; scopes are '*' or one of " + known());
        }
        return new Scope(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** A scope that holds for every resource of its kind. */
    public static Scope of(String resources, String action) {
        return new Scope(resources, action, null);
    }

    /**
     * Whether this scope lets its holder do {@code action} to {@code resources}: to the one named, or, when
     * {@code name} is null (list calls), to all of them, which only an unrestricted scope allows.
     */
    public boolean allows(String resources, String action, String name) {
        if (this.resources == null) {
            return true;
        }
        return this.resources.equals(resources)
                && this.action.equals(action)
                && (this.name == null || this.name.equals(name));
    }

    @Override
    public String toString() {
        if (resources == null) {
            return "*";
        }
        return resources + ":" + action + (name == null ? "" : ":" + name);
    }

    private static String known() {
        Set<String> kinds = new java.util.TreeSet<>(ACTIONS.keySet());
        StringBuilder text = new StringBuilder();
        for (String kind : kinds) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(kind)
                    .append(":")
                    .append(String.join("|", ACTIONS.get(kind)));
        }
        return text.toString();
    }
}
