package io.watchpost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.encode.ReportFormat;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Reads Device Defender's answers: JSON on the {@code /json/...} topics, CBOR on the {@code /cbor/...} topics, with the
 * same field names ({@code reportId}, {@code statusDetails.ErrorCode}, {@code statusDetails.ErrorMessage}). The status
 * comes from the topic the answer arrived on; the payload's {@code status} field is not needed.
 */
public final class ResponseParser {
    private static final int MAX_TEXT = 300;

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper cbor = new CBORMapper();

    /** @throws IOException when the payload is not a JSON/CBOR object */
    public Answer parse(ReportFormat format, Answer.Status status, byte[] payload) throws IOException {
        JsonNode root = (format == ReportFormat.CBOR ? cbor : json).readTree(payload);
        if (root == null || !root.isObject()) {
            throw new IOException("answer is not a " + format.topicSegment() + " object");
        }
        JsonNode details = root.path("statusDetails");
        return new Answer(status, reportId(root.path("reportId")), text(details.path("ErrorCode")),
                text(details.path("ErrorMessage")));
    }

    private static OptionalLong reportId(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return OptionalLong.of(node.longValue());
        }
        if (node.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(node.textValue().trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        String s = node.isValueNode() ? node.asText() : node.toString();
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }
}
