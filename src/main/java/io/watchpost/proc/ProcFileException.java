package io.watchpost.proc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one error of the proc layer: a proc or sysfs file (or the root) could not be read, or broke a rule of its
 * format or size. The message is {@code <file>: <the rule it broke>}, e.g.
 * {@code /proc/net/dev: larger than 4194304 bytes (the cap for net/dev); not a kernel table}.
 */
public class ProcFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public ProcFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public ProcFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The rule broken, without the file. */
    public String problem() {
        return problem;
    }

    public Path file() {
        return file;
    }
}
