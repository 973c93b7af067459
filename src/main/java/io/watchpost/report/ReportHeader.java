package io.watchpost.report;

/**
 * The document's {@code header}.
 *
 * @param reportId strictly increasing id (epoch milliseconds, see {@link ReportIds})
 * @param version  the document version; Watchpost always sends {@link #VERSION}
 */
public record ReportHeader(long reportId, String version) {
    /** Every AWS agent sends "1.0"; a new minor would announce fields Device Defender does not know. */
    public static final String VERSION = "1.0";

    public ReportHeader {
        if (reportId <= 0) {
            throw new IllegalArgumentException("report_id must be positive: " + reportId);
        }
        if (version == null || version.isEmpty()) {
            throw new IllegalArgumentException("version must not be empty");
        }
    }

    public static ReportHeader of(long reportId) {
        return new ReportHeader(reportId, VERSION);
    }
}
