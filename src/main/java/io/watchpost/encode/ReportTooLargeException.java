package io.watchpost.encode;

/**
 * Even a report with empty lists and no custom metrics is larger than the size budget. With the smallest budget the
 * settings accept this cannot happen; it means the budget was set below what any report needs.
 */
public class ReportTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportTooLargeException(int smallestBytes, int maxBytes) {
        super("the smallest possible report is " + smallestBytes + " bytes, more than MaxReportBytes " + maxBytes);
    }
}
