package io.watchpost.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Payload encoding of a report, and the one place that knows what differs between the encodings: the streaming
 * factory that writes and reads it, and the last segment of the Device Defender topic (which is also the value of
 * {@code ReportFormat} in the configuration). Code that must behave differently per encoding switches over this enum
 * without a default, so a new constant is a compile error everywhere it matters.
 */
public enum ReportFormat {
    JSON("json") {
        @Override
        public JsonFactory newFactory() {
            return new JsonFactory();
        }
    },
    CBOR("cbor") {
        @Override
        public JsonFactory newFactory() {
            return CBORFactory.builder()
                    .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
                    .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
                    .disable(CBORGenerator.Feature.STRINGREF)
                    .build();
        }
    };

    /** Used only to create parsers, and never handed out: a factory given to an ObjectMapper is changed by it. */
    private static final Map<ReportFormat, JsonFactory> DECODING = decodingFactories();

    private final String topicSegment;

    ReportFormat(String topicSegment) {
        this.topicSegment = topicSegment;
    }

    /** The lower-case segment used in {@code $aws/things/<thing>/defender/metrics/<segment>} and in configuration. */
    public String topicSegment() {
        return topicSegment;
    }

    /**
     * A new streaming factory for this encoding, for writing (thread-safe once built; a caller keeps one). CBOR is
     * configured explicitly so that a changed Jackson default cannot slip a tag into the payload: no self-describe tag
     * 55799, no string references (tags 25/256), shortest integer forms.
     */
    public abstract JsonFactory newFactory();

    /** Reads a payload of this encoding as a stream of tokens. */
    public JsonParser parser(byte[] payload) throws IOException {
        return DECODING.get(this).createParser(payload);
    }

    public static Optional<ReportFormat> fromConfig(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (f.topicSegment.equals(v)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The encoding whose topic segment is exactly {@code segment} (topics are case-sensitive). */
    public static Optional<ReportFormat> fromTopicSegment(String segment) {
        return Arrays.stream(values()).filter(f -> f.topicSegment.equals(segment)).findFirst();
    }

    /** The accepted configuration values, for messages: {@code json or cbor}. */
    public static String choices() {
        return Arrays.stream(values()).map(ReportFormat::topicSegment).collect(Collectors.joining(" or "));
    }

    private static Map<ReportFormat, JsonFactory> decodingFactories() {
        Map<ReportFormat, JsonFactory> factories = new EnumMap<>(ReportFormat.class);
        for (ReportFormat f : values()) {
            factories.put(f, f.newFactory());
        }
        return factories;
    }
}
