package io.watchpost.runtime;

import com.fasterxml.jackson.core.JsonParser;
import io.watchpost.config.ReportFormat;
import io.watchpost.json.JsonValueReader;
import io.watchpost.json.JsonValues;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads Device Defender's answers: JSON on the {@code /json/...} topics, CBOR on the {@code /cbor/...} topics, with the
 * same field names ({@code reportId}, {@code statusDetails.ErrorCode}, {@code statusDetails.ErrorMessage}). The status
 * comes from the topic the answer arrived on; the payload's {@code status} field is not needed.
 */
public final class ResponseParser {
    private static final int MAX_TEXT = 300;

    /** @throws IOException when the payload is not a JSON/CBOR object */
    public Answer parse(ReportFormat format, Answer.Status status, byte[] payload) throws IOException {
        Optional<Object> root;
        try (JsonParser parser = format.parser(payload)) {
            root = JsonValueReader.read(parser, JsonValueReader.Floats.BINARY);
        }
        if (!(root.orElse(null) instanceof Map<?, ?> answer)) {
            throw new IOException("answer is not a " + format.topicSegment() + " object");
        }
        Object details = answer.get("statusDetails");
        return new Answer(status, reportId(answer.get("reportId")), text(JsonValues.field(details, "ErrorCode")),
                text(JsonValues.field(details, "ErrorMessage")));
    }

    /** A whole number within the long range, or text that parses as one. */
    private static OptionalLong reportId(Object value) {
        if (value instanceof String text) {
            try {
                return OptionalLong.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return JsonValues.integerLong(value);
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof Map<?, ?> || value instanceof Iterable<?> ? JsonValues.toJson(value)
                : JsonValues.scalarText(value);
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }
}
