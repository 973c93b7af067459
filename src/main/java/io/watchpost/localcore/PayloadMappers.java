package io.watchpost.localcore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.config.ReportFormat;
import java.util.EnumMap;
import java.util.Map;

/**
 * One data-binding mapper per report encoding, each over the encoding's own streaming factory, for the local tooling
 * (the stand-in, local mode's console). The component itself never binds data: it streams (see {@link ReportFormat}).
 */
public final class PayloadMappers {
    private final Map<ReportFormat, ObjectMapper> mappers = new EnumMap<>(ReportFormat.class);

    public PayloadMappers() {
        for (ReportFormat format : ReportFormat.values()) {
            mappers.put(format, new ObjectMapper(format.newFactory()));
        }
    }

    /** The mapper that reads and writes payloads of {@code format}; thread-safe once configured, as here. */
    public ObjectMapper of(ReportFormat format) {
        return mappers.get(format);
    }
}
