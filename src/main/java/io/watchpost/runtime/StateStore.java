package io.watchpost.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.json.JsonValueReader;
import io.watchpost.json.JsonValues;
import io.watchpost.log.EventLog;
import io.watchpost.report.NetworkBaseline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps {@link PersistedState} in one JSON file. A write goes to a temporary file in the same directory, is forced to
 * disk and then renamed over the old file, so a crash or power loss leaves either the old or the new state, never half
 * of one. Reading never fails and never blocks: a missing file is a first start (INFO); an unreadable, foreign or
 * corrupt file, one with out-of-range values, one larger than {@link #MAX_FILE_BYTES}, or anything that is not a regular
 * file (a FIFO, a symlink to {@code /dev/zero}) means a fresh start with one WARN, and the next save replaces it.
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
    /**
     * Above any real state file; a larger file is refused unread so that it cannot exhaust the heap. A baseline of a
     * thousand interfaces is about 200 KiB; Detect's pending events ({@code PendingEvents.DEFAULT_CAPACITY} = 1,000
     * events of 1–2 KiB while IoT Core is unreachable) and alarm state raised it from 1 MiB to 4 MiB.
     */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    /**
     * The latest report id and publish time taken from a file: epoch milliseconds of the end of year 9999. Anything later
     * is not a time this device reported at, and would leave no room for the next id or overflow the next due time.
     */
    static final Instant LATEST_VALID = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final Path directory;
    private final Path file;
    private final EventLog log;
    private final JsonFactory json = new JsonFactory();

    public StateStore(Path directory, EventLog log) {
        this.directory = Objects.requireNonNull(directory);
        this.file = directory.resolve(FILE_NAME);
        this.log = Objects.requireNonNull(log);
    }

    public Path file() {
        return file;
    }

    /**
     * The saved state, or a fresh one when there is none that can be trusted: INFO when there is no file (the first
     * start), else one WARN that says why.
     */
    public PersistedState load() {
        byte[] bytes;
        try {
            bytes = readRegularFile();
        } catch (NoSuchFileException e) {
            log.info("state_fresh_start", "reason", "missing", "path", file);
            return PersistedState.fresh();
        } catch (NotUsable e) {
            log.warn("state_fresh_start", "reason", "invalid", "path", file, "error", e.getMessage());
            return PersistedState.fresh();
        } catch (IOException e) {
            log.warn("state_fresh_start", "reason", "unreadable", "path", file, "error", e);
            return PersistedState.fresh();
        }
        Decoded decoded;
        try {
            Optional<Object> root;
            try (JsonParser parser = json.createParser(bytes)) {
                root = JsonValueReader.read(parser, JsonValueReader.Floats.BINARY);
            }
            decoded = decode(root.orElse(null));
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

    /**
     * The file's bytes, if it is a regular file of at most {@link #MAX_FILE_BYTES}. The type is checked before opening
     * (following a symlink, without opening the target): opening a FIFO for reading blocks until a writer comes, and a
     * device such as {@code /dev/zero} never ends. The size is checked again while reading, as the file may grow.
     */
    private byte[] readRegularFile() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new NotUsable("not a regular file but " + (attributes.isDirectory() ? "a directory"
                    : "a FIFO, socket or device"));
        }
        if (attributes.size() > MAX_FILE_BYTES) {
            throw new NotUsable(tooLarge(attributes.size()));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new NotUsable(tooLarge(bytes.length) + " (it grew while being read)");
            }
            return bytes;
        }
    }

    private static String tooLarge(long size) {
        return "larger than " + MAX_FILE_BYTES + " bytes (" + size + "), more than a state file can be";
    }

    /** The file is there but is not one this store would have written. */
    private static final class NotUsable extends IOException {
        NotUsable(String message) {
            super(message);
        }
    }

    /** @param baselineDropped a baseline was saved but cannot be used (version 1: no network source) */
    private record Decoded(PersistedState state, boolean baselineDropped) { }

    /** Writes atomically (temp file, fsync, rename, fsync of the directory). */
    public void save(PersistedState state) throws IOException {
        byte[] bytes = encode(state);
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

    /** Pretty-printed (two-space indent, {@code "key" : value}) so that a person can read the file. */
    private byte[] encode(PersistedState state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeNumberField("lastReportId", state.lastReportId());
            if (state.lastPublishedAt().isPresent()) {
                g.writeStringField("lastPublishedAt", state.lastPublishedAt().get().toString());
            }
            if (state.acceptedBaseline().isPresent()) {
                NetworkBaseline b = state.acceptedBaseline().get();
                g.writeObjectFieldStart("acceptedBaseline");
                g.writeStringField("bootId", b.bootId());
                g.writeStringField("networkSource", b.networkSource());
                g.writeArrayFieldStart("interfaces");
                for (InterfaceCounters c : b.interfaces()) {
                    g.writeStartObject();
                    g.writeStringField("name", c.name());
                    g.writeBooleanField("loopback", c.loopback());
                    // Counters are unsigned 64-bit: write them as the non-negative numbers they are.
                    g.writeNumberField("rxBytes", unsigned(c.rxBytes()));
                    g.writeNumberField("rxPackets", unsigned(c.rxPackets()));
                    g.writeNumberField("txBytes", unsigned(c.txBytes()));
                    g.writeNumberField("txPackets", unsigned(c.txPackets()));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            if (state.detect().isPresent()) {
                g.writeFieldName("detect");
                JsonValues.write(g, state.detect().get());
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static Decoded decode(Object root) {
        require(root instanceof Map<?, ?>, "not a JSON object");
        Map<?, ?> doc = (Map<?, ?>) root;
        require(FORMAT.equals(doc.get("format")), "format is not \"" + FORMAT + "\"");
        int version = doc.get("version") instanceof Integer v ? v : -1;
        require(version == VERSION || version == VERSION_WITHOUT_SOURCE,
                "version is not " + VERSION + " (or " + VERSION_WITHOUT_SOURCE + ")");
        OptionalLong id = wholeLong(doc.get("lastReportId"));
        require(id.isPresent() && id.getAsLong() >= 0, "lastReportId is not a non-negative whole number");
        require(id.getAsLong() <= LATEST_VALID.toEpochMilli(), "lastReportId " + id.getAsLong() + " is out of range (at most "
                + LATEST_VALID.toEpochMilli() + ", epoch milliseconds of " + LATEST_VALID + ")");
        Optional<Instant> published = Optional.empty();
        if (doc.get("lastPublishedAt") != null) {
            published = Optional.of(Instant.parse(JsonValues.scalarText(doc.get("lastPublishedAt"))));
            require(!published.get().isAfter(LATEST_VALID), "lastPublishedAt " + published.get()
                    + " is out of range (at most " + LATEST_VALID + ")");
        }
        Optional<NetworkBaseline> baseline = Optional.empty();
        boolean dropped = false;
        if (doc.get("acceptedBaseline") != null) {
            Object b = doc.get("acceptedBaseline");
            require(JsonValues.field(b, "bootId") instanceof String, "acceptedBaseline.bootId is missing");
            require(version == VERSION_WITHOUT_SOURCE || JsonValues.field(b, "networkSource") instanceof String,
                    "acceptedBaseline.networkSource is missing");
            require(JsonValues.field(b, "interfaces") instanceof List<?>, "acceptedBaseline.interfaces is missing");
            List<InterfaceCounters> counters = new ArrayList<>();
            for (Object i : (List<?>) JsonValues.field(b, "interfaces")) {
                require(JsonValues.field(i, "name") instanceof String && JsonValues.field(i, "loopback") instanceof Boolean,
                        "an interface lacks name/loopback");
                counters.add(new InterfaceCounters((String) JsonValues.field(i, "name"), (Boolean) JsonValues.field(i, "loopback"),
                        unsigned(i, "rxBytes"), unsigned(i, "rxPackets"), unsigned(i, "txBytes"),
                        unsigned(i, "txPackets")));
            }
            // Version 1 is checked in full (a corrupt file is still a fresh start), then its baseline is left out.
            if (version == VERSION_WITHOUT_SOURCE) {
                dropped = true;
            } else {
                baseline = Optional.of(new NetworkBaseline((String) JsonValues.field(b, "bootId"),
                        (String) JsonValues.field(b, "networkSource"), counters));
            }
        }
        // Detect's part is checked by Detect when it restores it: a corrupt one restarts Detect, not the reports.
        return new Decoded(new PersistedState(id.getAsLong(), published, baseline,
                Optional.ofNullable(doc.get("detect"))), dropped);
    }

    /**
     * A number without a fraction that fits a long; a file edited by hand may say {@code 5.0} or {@code 5e3}, which
     * are whole numbers too.
     */
    private static OptionalLong wholeLong(Object value) {
        if (value instanceof Double d) {
            boolean whole = Double.isFinite(d) && d == Math.rint(d) && d >= Long.MIN_VALUE && d <= Long.MAX_VALUE;
            return whole ? OptionalLong.of(d.longValue()) : OptionalLong.empty();
        }
        return JsonValues.integerLong(value);
    }

    /** The unsigned 64-bit counter's decimal digits (a long holds it in two's complement). */
    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static long unsigned(Object node, String name) {
        Object v = JsonValues.field(node, name);
        require(v instanceof Integer || v instanceof Long || v instanceof BigInteger, name + " is not a whole number");
        BigInteger b = v instanceof BigInteger big ? big : BigInteger.valueOf(((Number) v).longValue());
        require(b.signum() >= 0 && b.compareTo(UNSIGNED_LONG_MAX) <= 0, name + " is out of the unsigned 64-bit range");
        return b.longValue();
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }
}
