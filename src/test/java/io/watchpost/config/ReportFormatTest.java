package io.watchpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.watchpost.json.JsonValueReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportFormatTest {

    private static byte[] write(ReportFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = format.newFactory().createGenerator(out)) {
            g.writeStartObject(null, 1); // definite length, as the report encoder writes maps
            g.writeNumberField("reportId", 1_795_860_006_469L);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void whatTheFactoryWritesTheParserReads(ReportFormat format) throws IOException {
        try (JsonParser parser = format.parser(write(format))) {
            assertEquals(Optional.of(Map.of("reportId", 1_795_860_006_469L)),
                    JsonValueReader.readWhole(parser, JsonValueReader.Floats.BINARY));
        }
    }

    @Test
    void cborIsWrittenWithoutTagsAndWithTheShortestIntegers() throws IOException {
        byte[] cbor = write(ReportFormat.CBOR);
        // a map of one pair (0xa1), no self-describe tag 55799 (0xd9 0xd9 0xf7) before it
        assertEquals(0xa1, cbor[0] & 0xff);
        // "reportId" (0x68 + 8 bytes), then the id as a 64-bit integer (0x1b): 1 + 9 + 9 bytes
        assertEquals(19, cbor.length);
        assertEquals("{\"reportId\":1795860006469}", new String(write(ReportFormat.JSON), "UTF-8"));
    }

    @Test
    void eachCallGivesANewFactorySoNoMapperCanChangeAnotherCallersFactory() {
        assertNotSame(ReportFormat.CBOR.newFactory(), ReportFormat.CBOR.newFactory());
    }

    @Test
    void configurationValuesAreLenientTopicSegmentsAreExact() {
        assertEquals(Optional.of(ReportFormat.CBOR), ReportFormat.fromConfig(" CBOR "));
        assertEquals(Optional.empty(), ReportFormat.fromConfig("xml"));
        assertEquals(Optional.of(ReportFormat.JSON), ReportFormat.fromTopicSegment("json"));
        assertEquals(Optional.empty(), ReportFormat.fromTopicSegment("JSON"));
        assertEquals("json or cbor", ReportFormat.choices());
    }
}
