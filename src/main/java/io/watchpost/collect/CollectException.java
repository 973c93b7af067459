package io.watchpost.collect;

import java.nio.file.Path;

/** A proc root, or a file a report cannot do without, could not be read. The message names the path. */
public class CollectException extends Exception {
    private final Path path;

    public CollectException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
