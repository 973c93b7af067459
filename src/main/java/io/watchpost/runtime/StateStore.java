package io.watchpost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.log.EventLog;
import io.watchpost.report.NetworkBaseline;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps {@link PersistedState} in one JSON file. A write goes to a temporary file in the same directory, is forced to
 * disk and then renamed over the old file, so a crash or power loss leaves either the old or the new state, never half
 * of one. Reading never fails: a missing, unreadable or foreign file means a fresh start with one WARN.
 *
 * <p>Version 2 added the baseline's {@code networkSource}. A version 1 file (written before) is still read: its report
 * id and publish time stay valid, but its baseline cannot be matched to a network source, so it is dropped with one
 * WARN and the next report has no network_stats rather than deltas across two namespaces.
 */
public final class StateStore {
    public static final String FILE_NAME = "watchpost-state.json";
    static final String FORMAT = "watchpost-state";
    static final int VERSION = 2;
    /** The format before the baseline recorded its network source. */
    static final int VERSION_WITHOUT_SOURCE = 1;
    private static final String TEMP_PREFIX = ".watchpost-state-";
    private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final Path directory;
    private final Path file;
    private final EventLog log;
    private final ObjectMapper json = new ObjectMapper();

    public StateStore(Path directory, EventLog log) {
        this.directory = Objects.requireNonNull(directory);
        this.file = directory.resolve(FILE_NAME);
        this.log = Objects.requireNonNull(log);
    }

    public Path file() {
        return file;
    }

    /** The saved state, or a fresh one (with one WARN that says why) when there is none that can be trusted. */
    public PersistedState load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.warn("state_fresh_start", "reason", "missing", "path", file);
            return PersistedState.fresh();
        } catch (IOException e) {
            log.warn("state_fresh_start", "reason", "unreadable", "path", file, "error", e);
            return PersistedState.fresh();
        }
        Decoded decoded;
        try {
            decoded = decode(json.readTree(bytes));
        } catch (IOException | RuntimeException e) {
            log.warn("state_fresh_start", "reason", "invalid", "path", file, "error", EventLog.describe(e));
            return PersistedState.fresh();
        }
        if (decoded.baselineDropped()) {
            log.warn("state_baseline_dropped", "reason", "no_network_source", "version", VERSION_WITHOUT_SOURCE,
                    "path", file, "effect", "the next report has no network_stats; its counters become the baseline");
        }
        return decoded.state();
    }

    /** @param baselineDropped a baseline was saved but cannot be used (version 1: no network source) */
    private record Decoded(PersistedState state, boolean baselineDropped) { }

    /** Writes atomically (temp file, fsync, rename, fsync of the directory). */
    public void save(PersistedState state) throws IOException {
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(encode(state));
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, TEMP_PREFIX, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory();
    }

    /** Makes the rename itself durable; some file systems refuse to open a directory, and then the rename must do. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("state_dir_fsync_skipped", "path", directory, "error", e);
        }
    }

    private ObjectNode encode(PersistedState state) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("lastReportId", state.lastReportId());
        state.lastPublishedAt().ifPresent(t -> root.put("lastPublishedAt", t.toString()));
        state.acceptedBaseline().ifPresent(b -> {
            ObjectNode baseline = root.putObject("acceptedBaseline");
            baseline.put("bootId", b.bootId());
            baseline.put("networkSource", b.networkSource());
            ArrayNode interfaces = baseline.putArray("interfaces");
            for (InterfaceCounters c : b.interfaces()) {
                ObjectNode i = interfaces.addObject();
                i.put("name", c.name());
                i.put("loopback", c.loopback());
                // Counters are unsigned 64-bit: write them as the non-negative numbers they are.
                i.put("rxBytes", unsigned(c.rxBytes()));
                i.put("rxPackets", unsigned(c.rxPackets()));
                i.put("txBytes", unsigned(c.txBytes()));
                i.put("txPackets", unsigned(c.txPackets()));
            }
        });
        return root;
    }

    private static Decoded decode(JsonNode root) {
        require(root.isObject(), "not a JSON object");
        require(FORMAT.equals(root.path("format").asText(null)), "format is not \"" + FORMAT + "\"");
        int version = root.path("version").isInt() ? root.path("version").intValue() : -1;
        require(version == VERSION || version == VERSION_WITHOUT_SOURCE,
                "version is not " + VERSION + " (or " + VERSION_WITHOUT_SOURCE + ")");
        JsonNode id = root.path("lastReportId");
        require(id.canConvertToExactIntegral() && id.canConvertToLong() && id.longValue() >= 0,
                "lastReportId is not a non-negative whole number");
        Optional<Instant> published = Optional.empty();
        if (root.hasNonNull("lastPublishedAt")) {
            published = Optional.of(Instant.parse(root.get("lastPublishedAt").asText()));
        }
        Optional<NetworkBaseline> baseline = Optional.empty();
        boolean dropped = false;
        if (root.hasNonNull("acceptedBaseline")) {
            JsonNode b = root.get("acceptedBaseline");
            require(b.path("bootId").isTextual(), "acceptedBaseline.bootId is missing");
            require(version == VERSION_WITHOUT_SOURCE || b.path("networkSource").isTextual(),
                    "acceptedBaseline.networkSource is missing");
            require(b.path("interfaces").isArray(), "acceptedBaseline.interfaces is missing");
            List<InterfaceCounters> counters = new ArrayList<>();
            for (JsonNode i : b.get("interfaces")) {
                require(i.path("name").isTextual() && i.path("loopback").isBoolean(), "an interface lacks name/loopback");
                counters.add(new InterfaceCounters(i.get("name").asText(), i.get("loopback").booleanValue(),
                        unsigned(i, "rxBytes"), unsigned(i, "rxPackets"), unsigned(i, "txBytes"),
                        unsigned(i, "txPackets")));
            }
            // Version 1 is checked in full (a corrupt file is still a fresh start), then its baseline is left out.
            if (version == VERSION_WITHOUT_SOURCE) {
                dropped = true;
            } else {
                baseline = Optional.of(new NetworkBaseline(b.get("bootId").asText(), b.get("networkSource").asText(),
                        counters));
            }
        }
        return new Decoded(new PersistedState(id.longValue(), published, baseline), dropped);
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static long unsigned(JsonNode node, String field) {
        JsonNode v = node.path(field);
        require(v.isIntegralNumber(), field + " is not a whole number");
        BigInteger b = v.bigIntegerValue();
        require(b.signum() >= 0 && b.compareTo(UNSIGNED_LONG_MAX) <= 0, field + " is out of the unsigned 64-bit range");
        return b.longValue();
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }
}
