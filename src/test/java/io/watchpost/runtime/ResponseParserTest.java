package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.config.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
    private final ResponseParser parser = new ResponseParser();

    @Test
    void readsTheDocumentedJsonRejection() throws Exception {
        byte[] payload = ("{\"thingName\":\"myThing\",\"reportId\":1635802047000,\"status\":\"REJECTED\","
                + "\"statusDetails\":{\"ErrorCode\":\"InvalidPayload\",\"ErrorMessage\":\"Malformed metrics report\"},"
                + "\"timestamp\":1635802047699}").getBytes(StandardCharsets.UTF_8);
        Answer a = parser.parse(ReportFormat.JSON, Answer.Status.REJECTED, payload);
        assertEquals(new Answer(Answer.Status.REJECTED, OptionalLong.of(1635802047000L), "InvalidPayload",
                "Malformed metrics report"), a);
    }

    @Test
    void rejectionWithoutReportIdHasNoId() throws Exception {
        byte[] payload = "{\"status\":\"REJECTED\",\"statusDetails\":{\"ErrorCode\":\"Throttled\"}}"
                .getBytes(StandardCharsets.UTF_8);
        Answer a = parser.parse(ReportFormat.JSON, Answer.Status.REJECTED, payload);
        assertEquals(OptionalLong.empty(), a.reportId());
        assertEquals("Throttled", a.errorCode());
        assertEquals("unknown", a.shownId());
    }

    @Test
    void readsACborAcceptance() throws Exception {
        byte[] payload = new CBORMapper().writeValueAsBytes(
                Map.of("thingName", "gw-1", "reportId", 1795860006469L, "status", "ACCEPTED", "timestamp", 1L));
        Answer a = parser.parse(ReportFormat.CBOR, Answer.Status.ACCEPTED, payload);
        assertEquals(OptionalLong.of(1795860006469L), a.reportId());
        assertEquals("", a.errorCode());
    }

    @Test
    void cborPayloadOnAJsonTopicIsUnreadable() throws Exception {
        byte[] cbor = new CBORMapper().writeValueAsBytes(Map.of("reportId", 1L));
        assertThrows(IOException.class, () -> parser.parse(ReportFormat.JSON, Answer.Status.ACCEPTED, cbor));
        assertThrows(IOException.class, () -> parser.parse(ReportFormat.JSON, Answer.Status.ACCEPTED,
                "[1]".getBytes(StandardCharsets.UTF_8)));
    }
}
