package io.watchpost.localcore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.watchpost.config.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the cloud's Device Defender for the local core: every PublishToIoTCore on
 * {@code $aws/things/<thing>/defender/metrics/<json|cbor>} is checked as the service would (document rules, report_id
 * strictly increasing per thing, minimum spacing between accepted reports, 128 KiB limit) and answered on
 * {@code <topic>/accepted} or {@code <topic>/rejected}, in the topic's own encoding, to the SubscribeToIoTCore
 * subscribers.
 *
 * <p>Two choices the real service's documentation (<a href="https://docs.aws.amazon.com/iot/latest/developerguide/detect-device-side-metrics.html">device-side
 * metrics</a>) leaves open: a report_id that does not increase is rejected with {@code InvalidPayload} (the service is
 * said to discard it silently), and an oversized payload is rejected with {@code InvalidPayload}.
 */
public final class DeviceDefenderStandIn {
    /** The AWS IoT Core payload limit. */
    public static final int MAX_PAYLOAD_BYTES = 131_072;
    /** Device Defender throttles a device that reports more often than this. */
    public static final Duration DEFAULT_MIN_SPACING = io.watchpost.config.Settings.MIN_SAMPLE_INTERVAL;

    private static final Pattern REPORT_TOPIC =
            Pattern.compile("\\$aws/things/([^/]+)/defender/metrics/([^/]+)");

    /** What the stand-in answered (or, for {@link #answered} false, decided not to answer). */
    public record Verdict(String thingName, ReportFormat format, Optional<Long> reportId, boolean accepted,
                          String errorCode, String errorMessage, Instant at, boolean answered) {
    }

    /** An answer forced on the next report regardless of its content (tests and demos). */
    public record ForcedAnswer(Kind kind, String errorCode, String errorMessage) {
        public enum Kind { ACCEPT, REJECT, NO_ANSWER }

        public static ForcedAnswer accept() {
            return new ForcedAnswer(Kind.ACCEPT, null, null);
        }

        public static ForcedAnswer reject(String errorCode, String errorMessage) {
            return new ForcedAnswer(Kind.REJECT, Objects.requireNonNull(errorCode), Objects.requireNonNull(errorMessage));
        }

        public static ForcedAnswer throttled() {
            return reject("Throttled", "Forced throttling by the local Device Defender stand-in");
        }

        public static ForcedAnswer noAnswer() {
            return new ForcedAnswer(Kind.NO_ANSWER, null, null);
        }
    }

    private record ThingState(long lastReportId, Instant lastAccepted) {
    }

    private final LocalIpcServer server;
    private final Clock clock;
    private final Duration minSpacing;
    private final PayloadMappers mappers = new PayloadMappers();
    private final List<Consumer<Verdict>> listeners = new CopyOnWriteArrayList<>();
    private final List<Verdict> verdicts = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private final Map<String, ThingState> things = new HashMap<>();
    private final Queue<ForcedAnswer> forced = new ArrayDeque<>();

    private DeviceDefenderStandIn(LocalIpcServer server, Clock clock, Duration minSpacing) {
        this.server = server;
        this.clock = clock;
        if (minSpacing.isNegative()) {
            throw new IllegalArgumentException("minimum report spacing must not be negative, got " + minSpacing);
        }
        this.minSpacing = minSpacing;
    }

    /** Hooks a stand-in to {@code server}'s PublishToIoTCore; {@code minSpacing} is 300 s in the real service. */
    public static DeviceDefenderStandIn attach(LocalIpcServer server, Clock clock, Duration minSpacing) {
        DeviceDefenderStandIn standIn = new DeviceDefenderStandIn(server, clock, minSpacing);
        server.onPublishToIoTCore(standIn::onPublish);
        return standIn;
    }

    /** Called with every verdict, on the local core's worker thread (local mode prints them). */
    public void onVerdict(Consumer<Verdict> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Every verdict so far, in order. */
    public List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    /** The next report gets {@code answer} instead of a verdict on its content; calls queue up in order. */
    public synchronized void forceNextAnswer(ForcedAnswer answer) {
        forced.add(Objects.requireNonNull(answer));
    }

    private void onPublish(IoTCorePublish publish) {
        Matcher m = REPORT_TOPIC.matcher(publish.topic());
        if (!m.matches()) {
            return;
        }
        String thing = m.group(1);
        Optional<ReportFormat> encoding = ReportFormat.fromTopicSegment(m.group(2));
        if (encoding.isEmpty()) {
            return; // not a report topic: Device Defender would not answer either
        }
        ReportFormat format = encoding.get();
        Verdict verdict = judge(thing, format, publish.payload());
        verdicts.add(verdict);
        if (verdict.answered()) {
            answer(publish.topic(), verdict);
        }
        for (Consumer<Verdict> listener : listeners) {
            try {
                listener.accept(verdict);
            } catch (RuntimeException e) {
                // A broken listener must not stop the stand-in from judging later reports.
            }
        }
    }

    private Verdict judge(String thing, ReportFormat format, byte[] payload) {
        Instant now = clock.instant();
        Optional<Long> rid = Optional.empty();
        ForcedAnswer force;
        synchronized (this) {
            force = forced.poll();
        }
        JsonNode root = null;
        String problem = null;
        if (thing.getBytes(StandardCharsets.UTF_8).length > 128 || thing.chars().anyMatch(Character::isISOControl)) {
            problem = "thing name must be at most 128 bytes without control characters";
        } else if (payload.length > MAX_PAYLOAD_BYTES) {
            problem = "payload is " + payload.length + " bytes, over the " + MAX_PAYLOAD_BYTES + "-byte limit";
        } else {
            try {
                root = mappers.of(format).readTree(payload);
            } catch (IOException e) {
                problem = "payload is not valid " + format.topicSegment().toUpperCase() + ": "
                        + firstLine(e.getMessage());
            }
        }
        if (problem == null) {
            ReportValidator.Result result = new ReportValidator().validate(root);
            if (result.valid()) {
                rid = Optional.of(result.reportId());
            } else {
                problem = result.problem();
                rid = readableReportId(root);
            }
        }
        if (force != null) {
            return switch (force.kind()) {
                case ACCEPT -> {
                    rid.ifPresent(id -> recordAccepted(thing, id, now));
                    yield new Verdict(thing, format, rid, true, null, null, now, true);
                }
                case REJECT -> new Verdict(thing, format, rid, false, force.errorCode(), force.errorMessage(), now,
                        true);
                case NO_ANSWER -> new Verdict(thing, format, rid, false, null, null, now, false);
            };
        }
        if (problem != null) {
            return new Verdict(thing, format, rid, false, "InvalidPayload", "Malformed metrics report: " + problem, now,
                    true);
        }
        long id = rid.orElseThrow();
        synchronized (this) {
            ThingState last = things.get(thing);
            if (last != null && id <= last.lastReportId()) {
                return new Verdict(thing, format, rid, false, "InvalidPayload", "Malformed metrics report: report_id "
                        + id + " is not greater than the last accepted report_id " + last.lastReportId(), now, true);
            }
            if (last != null && now.isBefore(last.lastAccepted().plus(minSpacing))) {
                return new Verdict(thing, format, rid, false, "Throttled", "Report received "
                        + Duration.between(last.lastAccepted(), now).toSeconds() + " s after the previous one; "
                        + "at most one report per " + minSpacing.toSeconds() + " s", now, true);
            }
            recordAccepted(thing, id, now);
        }
        return new Verdict(thing, format, rid, true, null, null, now, true);
    }

    /** The id of a report that broke a rule elsewhere, so the device can still match the rejection to its report. */
    private static Optional<Long> readableReportId(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        for (String[] names : new String[][] {{"header", "report_id"}, {"hed", "rid"}}) {
            JsonNode id = root.path(names[0]).path(names[1]);
            if (id.isIntegralNumber() && id.canConvertToLong()) {
                return Optional.of(id.asLong());
            }
        }
        return Optional.empty();
    }

    private synchronized void recordAccepted(String thing, long reportId, Instant at) {
        things.put(thing, new ThingState(reportId, at));
    }

    private void answer(String topic, Verdict verdict) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("thingName", verdict.thingName());
        verdict.reportId().ifPresent(id -> body.put("reportId", id));
        body.put("status", verdict.accepted() ? "ACCEPTED" : "REJECTED");
        if (!verdict.accepted()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("ErrorCode", verdict.errorCode());
            details.put("ErrorMessage", verdict.errorMessage());
            body.put("statusDetails", details);
        }
        body.put("timestamp", verdict.at().toEpochMilli());
        byte[] bytes;
        try {
            bytes = mappers.of(verdict.format()).writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a Device Defender answer", e);
        }
        server.deliverToIoTCoreSubscribers(topic + (verdict.accepted() ? "/accepted" : "/rejected"), bytes);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
