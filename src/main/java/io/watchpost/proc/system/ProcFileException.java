package io.watchpost.proc.system;

import java.nio.file.Path;

/** A proc or sysfs file could not be read or does not have the expected content. The message names the file. */
public class ProcFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Path file;

    public ProcFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public ProcFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
