package io.watchpost.ipc;

import io.watchpost.log.EventLog;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the IPC SDK's java.util.logging output off stderr (the nucleus turns every stderr line into a WARN entry).
 * Records at WARNING and above go to the event log as {@code ipc_sdk_log}; everything below is dropped.
 *
 * <p>JUL holds loggers weakly: keep the returned handle for the life of the process, or the settings are lost.
 */
public final class SdkLogging {
    static final List<String> SDK_LOGGERS = List.of(
            "software.amazon.awssdk.eventstreamrpc",
            "software.amazon.awssdk.aws.greengrass",
            "software.amazon.awssdk.crt");

    private final List<Logger> loggers;

    private SdkLogging(List<Logger> loggers) {
        this.loggers = loggers;
    }

    public static SdkLogging quiet(EventLog log) {
        Handler toEventLog = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record != null && isLoggable(record)) {
                    log.warn("ipc_sdk_log", "logger", record.getLoggerName(), "level", record.getLevel(),
                            "message", record.getMessage());
                }
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        toEventLog.setLevel(Level.WARNING);
        List<Logger> loggers = SDK_LOGGERS.stream().map(Logger::getLogger).toList();
        for (Logger logger : loggers) {
            logger.setLevel(Level.WARNING);
            logger.setUseParentHandlers(false);
            for (Handler h : logger.getHandlers()) {
                logger.removeHandler(h);
            }
            logger.addHandler(toEventLog);
        }
        return new SdkLogging(loggers);
    }

    /** The loggers this handle keeps configured. */
    public List<String> loggerNames() {
        return loggers.stream().map(Logger::getName).toList();
    }
}
