package io.watchpost.collect;

import java.nio.file.Path;

/** A proc root, or a file a report cannot do without, could not be read. The message names the path. */
public class CollectException extends Exception {
    private final Path path;
    private final String reason;

    public CollectException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
        this.reason = message;
    }

    public Path path() {
        return path;
    }

    /** What went wrong, without the path: for a log event that names the path in its own key. */
    public String reason() {
        return reason;
    }
}
