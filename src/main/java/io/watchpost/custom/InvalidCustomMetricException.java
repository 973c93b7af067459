package io.watchpost.custom;

/** A custom metric name or value breaks one of Device Defender's rules; the message says which rule and what broke it. */
public class InvalidCustomMetricException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCustomMetricException(String message) {
        super(message);
    }
}
