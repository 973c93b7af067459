package io.watchpost.cli;

/** A command line that cannot be run; the message says which argument and why. Main prints it with the usage (exit 2). */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
