package io.watchpost.runtime;

/** The component cannot start; the message is one line that names the variable or file and never a token's value. */
public class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
