package io.watchpost.localcore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Helpers over a component configuration held as nested maps (what GetConfiguration returns). */
final class ConfigTree {
    private ConfigTree() {}

    /** A deep copy, so callers cannot change the served configuration behind the server's back. */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(Map<String, ?> map) {
        return (Map<String, Object>) copy(map);
    }

    /** The node at {@code path}, or empty if any step is missing. */
    static Optional<Object> lookup(Map<String, Object> root, List<String> path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            node = m.get(key);
        }
        return Optional.ofNullable(node);
    }

    /** Paths of every leaf that was added, removed or changed, and of subtrees that appeared or vanished. */
    static Set<List<String>> changedPaths(Map<String, Object> before, Map<String, Object> after) {
        Set<List<String>> out = new LinkedHashSet<>();
        diff(List.of(), before, after, out);
        return out;
    }

    private static void diff(List<String> prefix, Map<?, ?> before, Map<?, ?> after, Set<List<String>> out) {
        Set<Object> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (Object key : keys) {
            List<String> path = new ArrayList<>(prefix);
            path.add(String.valueOf(key));
            Object b = before.get(key);
            Object a = after.get(key);
            if (b instanceof Map<?, ?> bm && a instanceof Map<?, ?> am) {
                diff(path, bm, am, out);
            } else if (!Objects.equals(b, a) || before.containsKey(key) != after.containsKey(key)) {
                out.add(List.copyOf(path));
            }
        }
    }
}
