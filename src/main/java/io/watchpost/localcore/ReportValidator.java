package io.watchpost.localcore;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed Device Defender metrics report against the "Device metrics document specification" of
 * <a href="https://docs.aws.amazon.com/iot/latest/developerguide/detect-device-side-metrics.html">device-side metrics</a>, as the cloud would
 * before accepting it. Returns the first rule broken, naming the key path; JSON and CBOR share this check (Jackson
 * trees).
 */
final class ReportValidator {
    /** The long and short spelling of every structural key, in the same order. */
    private enum Key {
        HEADER("header", "hed"), REPORT_ID("report_id", "rid"), VERSION("version", "v"),
        METRICS("metrics", "met"), CUSTOM_METRICS("custom_metrics", "cmet"),
        TCP_PORTS("listening_tcp_ports", "tp"), UDP_PORTS("listening_udp_ports", "up"),
        PORTS("ports", "pts"), PORT("port", "pt"), INTERFACE("interface", "if"), TOTAL("total", "t"),
        NETWORK_STATS("network_stats", "ns"), BYTES_IN("bytes_in", "bi"), BYTES_OUT("bytes_out", "bo"),
        PACKETS_IN("packets_in", "pi"), PACKETS_OUT("packets_out", "po"),
        TCP_CONNECTIONS("tcp_connections", "tc"), ESTABLISHED("established_connections", "ec"),
        CONNECTIONS("connections", "cs"), REMOTE_ADDR("remote_addr", "rad"), LOCAL_PORT("local_port", "lp"),
        LOCAL_INTERFACE("local_interface", "li");

        final String longName;
        final String shortName;

        Key(String longName, String shortName) {
            this.longName = longName;
            this.shortName = shortName;
        }

        String name(boolean shortNames) {
            return shortNames ? shortName : longName;
        }

        static Optional<Key> byName(String name) {
            for (Key k : values()) {
                if (k.longName.equals(name) || k.shortName.equals(name)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Set<String> VALUE_KEYS = Set.of("number", "number_list", "string_list", "ip_list");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    /** The report id of a valid report, or the first problem. */
    record Result(long reportId, String problem) {
        boolean valid() {
            return problem == null;
        }
    }

    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private boolean shortNames;

    Result validate(JsonNode root) {
        try {
            return new Result(check(root), null);
        } catch (Invalid e) {
            return new Result(-1, e.getMessage());
        }
    }

    private long check(JsonNode root) throws Invalid {
        if (root == null || !root.isObject()) {
            throw new Invalid("the report must be an object");
        }
        boolean hasLong = root.has("header");
        boolean hasShort = root.has("hed");
        if (hasLong == hasShort) {
            throw new Invalid(hasLong ? "both header and hed are present" : "header (hed) is required");
        }
        shortNames = hasShort;
        expectKeys(root, "", Key.HEADER, Key.METRICS, Key.CUSTOM_METRICS);
        long reportId = header(root.get(Key.HEADER.name(shortNames)));
        JsonNode metrics = root.get(Key.METRICS.name(shortNames));
        JsonNode custom = root.get(Key.CUSTOM_METRICS.name(shortNames));
        if (metrics == null && custom == null) {
            throw new Invalid("a report needs " + Key.METRICS.name(shortNames) + " or "
                    + Key.CUSTOM_METRICS.name(shortNames));
        }
        if (metrics != null) {
            metrics(metrics);
        }
        if (custom != null) {
            customMetrics(custom);
        }
        return reportId;
    }

    /** Every key of {@code node} must be one of {@code allowed} in the key style of this report. */
    private void expectKeys(JsonNode node, String where, Key... allowed) throws Invalid {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            boolean ok = false;
            for (Key k : allowed) {
                ok |= k.name(shortNames).equals(name);
            }
            if (!ok) {
                Optional<Key> other = Key.byName(name);
                if (other.isPresent() && other.get().name(!shortNames).equals(name)) {
                    throw new Invalid("mixed long and short key names: " + where + name + " in a report using "
                            + (shortNames ? "short" : "long") + " names");
                }
                throw new Invalid("unexpected key " + where + name);
            }
        }
    }

    private JsonNode object(JsonNode parent, Key key, String where) throws Invalid {
        JsonNode node = parent.get(key.name(shortNames));
        if (node != null && !node.isObject()) {
            throw new Invalid(where + key.name(shortNames) + " must be an object");
        }
        return node;
    }

    private long header(JsonNode header) throws Invalid {
        String h = Key.HEADER.name(shortNames);
        if (!header.isObject()) {
            throw new Invalid(h + " must be an object");
        }
        expectKeys(header, h + ".", Key.REPORT_ID, Key.VERSION);
        JsonNode id = header.get(Key.REPORT_ID.name(shortNames));
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new Invalid(h + "." + Key.REPORT_ID.name(shortNames) + " must be a positive integer");
        }
        JsonNode version = header.get(Key.VERSION.name(shortNames));
        if (version == null || !version.isTextual() || !version.asText().equals("1.0")) {
            throw new Invalid(h + "." + Key.VERSION.name(shortNames) + " must be the string \"1.0\"");
        }
        return id.asLong();
    }

    private void metrics(JsonNode metrics) throws Invalid {
        String m = Key.METRICS.name(shortNames) + ".";
        if (!metrics.isObject()) {
            throw new Invalid(Key.METRICS.name(shortNames) + " must be an object");
        }
        expectKeys(metrics, m, Key.TCP_PORTS, Key.UDP_PORTS, Key.NETWORK_STATS, Key.TCP_CONNECTIONS);
        for (Key portsKey : new Key[] {Key.TCP_PORTS, Key.UDP_PORTS}) {
            JsonNode block = object(metrics, portsKey, m);
            if (block != null) {
                ports(block, m + portsKey.name(shortNames) + ".");
            }
        }
        JsonNode stats = object(metrics, Key.NETWORK_STATS, m);
        if (stats != null) {
            String where = m + Key.NETWORK_STATS.name(shortNames) + ".";
            expectKeys(stats, where, Key.BYTES_IN, Key.BYTES_OUT, Key.PACKETS_IN, Key.PACKETS_OUT);
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) stats::fields) {
                nonNegativeInteger(e.getValue(), where + e.getKey());
            }
        }
        JsonNode tcp = object(metrics, Key.TCP_CONNECTIONS, m);
        if (tcp != null) {
            String where = m + Key.TCP_CONNECTIONS.name(shortNames) + ".";
            expectKeys(tcp, where, Key.ESTABLISHED);
            JsonNode established = object(tcp, Key.ESTABLISHED, where);
            if (established != null) {
                connections(established, where + Key.ESTABLISHED.name(shortNames) + ".");
            }
        }
    }

    private void ports(JsonNode block, String where) throws Invalid {
        listWithTotal(block, where, Key.PORTS, (entry, ew) -> {
            expectKeys(entry, ew, Key.PORT, Key.INTERFACE);
            JsonNode port = entry.get(Key.PORT.name(shortNames));
            if (port == null) {
                throw new Invalid(ew + Key.PORT.name(shortNames) + " is required");
            }
            port(port, ew + Key.PORT.name(shortNames));
            optionalString(entry.get(Key.INTERFACE.name(shortNames)), ew + Key.INTERFACE.name(shortNames));
        });
    }

    private void connections(JsonNode block, String where) throws Invalid {
        listWithTotal(block, where, Key.CONNECTIONS, (entry, ew) -> {
            expectKeys(entry, ew, Key.REMOTE_ADDR, Key.LOCAL_PORT, Key.LOCAL_INTERFACE);
            JsonNode remote = entry.get(Key.REMOTE_ADDR.name(shortNames));
            if (remote == null || !remote.isTextual() || !validRemoteAddress(remote.asText())) {
                throw new Invalid(ew + Key.REMOTE_ADDR.name(shortNames)
                        + " must be a string \"ip:port\" or \"[ipv6]:port\", got " + remote);
            }
            JsonNode localPort = entry.get(Key.LOCAL_PORT.name(shortNames));
            if (localPort != null) {
                port(localPort, ew + Key.LOCAL_PORT.name(shortNames));
            }
            optionalString(entry.get(Key.LOCAL_INTERFACE.name(shortNames)),
                    ew + Key.LOCAL_INTERFACE.name(shortNames));
        });
    }

    /** Checks one entry of a list; {@code where} ends with the entry's index and a dot. */
    private interface EntryCheck {
        void check(JsonNode entry, String where) throws Invalid;
    }

    /** A block holding an optional list of objects under {@code listKey} and a total no smaller than the list. */
    private void listWithTotal(JsonNode block, String where, Key listKey, EntryCheck entryCheck) throws Invalid {
        expectKeys(block, where, listKey, Key.TOTAL);
        JsonNode list = block.get(listKey.name(shortNames));
        int size = 0;
        if (list != null) {
            String lw = where + listKey.name(shortNames);
            if (!list.isArray()) {
                throw new Invalid(lw + " must be a list");
            }
            size = list.size();
            for (int i = 0; i < size; i++) {
                JsonNode entry = list.get(i);
                if (!entry.isObject()) {
                    throw new Invalid(lw + "[" + i + "] must be an object");
                }
                entryCheck.check(entry, lw + "[" + i + "].");
            }
        }
        total(block, where, size);
    }

    private void total(JsonNode block, String where, int listSize) throws Invalid {
        JsonNode total = block.get(Key.TOTAL.name(shortNames));
        if (total != null) {
            String tw = where + Key.TOTAL.name(shortNames);
            nonNegativeInteger(total, tw);
            if (total.asLong() < listSize) {
                throw new Invalid(tw + " is " + total.asLong() + ", less than the " + listSize + " entries listed");
            }
        }
    }

    private static void port(JsonNode port, String where) throws Invalid {
        if (!port.isIntegralNumber() || port.asLong() < 1 || port.asLong() > 65535) {
            throw new Invalid(where + " must be an integer 1..65535, got " + port);
        }
    }

    private static void nonNegativeInteger(JsonNode node, String where) throws Invalid {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new Invalid(where + " must be a non-negative integer, got " + node);
        }
    }

    private static void optionalString(JsonNode node, String where) throws Invalid {
        if (node != null && !node.isTextual()) {
            throw new Invalid(where + " must be a string, got " + node);
        }
    }

    static boolean validRemoteAddress(String value) {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) {
                return false;
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
            if (!isIpv6(host)) {
                return false;
            }
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                return false;
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (!IPV4.matcher(host).matches()) {
                return false;
            }
        }
        if (!port.matches("\\d{1,5}")) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    static boolean isIp(String value) {
        return IPV4.matcher(value).matches() || isIpv6(value);
    }

    private static boolean isIpv6(String value) {
        // Only literal characters reach InetAddress, so it never does a name lookup.
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            InetAddress.getByName("[" + value + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void customMetrics(JsonNode custom) throws Invalid {
        String c = Key.CUSTOM_METRICS.name(shortNames);
        if (!custom.isObject()) {
            throw new Invalid(c + " must be an object");
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) custom::fields) {
            String name = e.getKey();
            String where = c + "." + name;
            if (!METRIC_NAME.matcher(name).matches() || name.startsWith("aws:")) {
                throw new Invalid("custom metric name " + name
                        + " must be 1-128 characters of [a-zA-Z0-9:_-] and not start with aws:");
            }
            JsonNode value = e.getValue();
            if (!value.isArray() || value.size() != 1 || !value.get(0).isObject()) {
                throw new Invalid(where + " must be an array holding exactly one object");
            }
            JsonNode object = value.get(0);
            if (object.size() != 1) {
                throw new Invalid(where + "[0] must have exactly one of " + VALUE_KEYS);
            }
            String key = object.fieldNames().next();
            JsonNode v = object.get(key);
            switch (key) {
                case "number" -> {
                    if (!v.isNumber()) {
                        throw new Invalid(where + "[0].number must be a number, got " + v);
                    }
                }
                case "number_list" -> list(v, where + "[0].number_list", JsonNode::isNumber, "numbers");
                case "string_list" -> list(v, where + "[0].string_list", JsonNode::isTextual, "strings");
                case "ip_list" -> list(v, where + "[0].ip_list", n -> n.isTextual() && isIp(n.asText()),
                        "IP addresses");
                default -> throw new Invalid(where + "[0] has unknown value key " + key + "; expected one of "
                        + VALUE_KEYS);
            }
        }
    }

    private static void list(JsonNode v, String where, java.util.function.Predicate<JsonNode> element, String what)
            throws Invalid {
        if (!v.isArray()) {
            throw new Invalid(where + " must be a list of " + what);
        }
        for (int i = 0; i < v.size(); i++) {
            if (!element.test(v.get(i))) {
                throw new Invalid(where + "[" + i + "] must be one of the " + what + ", got " + v.get(i));
            }
        }
    }
}
