package io.watchpost.ipc;

/**
 * The largest message Watchpost takes from each kind of IPC subscription, and what that means for the event-stream
 * frame that carries it. The frame bound is checked on the raw frame, before the SDK decodes anything: the SDK turns a
 * frame into a String, then into objects, then base64-decodes the payload, so a 16 MiB frame (the largest the protocol
 * carries) would need several times its size in heap; under the recipe's {@code -Xmx64m} it ended the JVM.
 */
public final class MessageSizeLimits {
    /** A local pub/sub message (a custom metric): far above any legitimate one, about 26 KiB at most. */
    public static final int LOCAL_MESSAGE_BYTES = 64 * 1024;
    /** An IoT Core message (Device Defender's answer): the AWS IoT Core payload limit. */
    public static final int IOT_CORE_MESSAGE_BYTES = 128 * 1024;
    /** Room in a frame for the JSON around the message: topic name (at most 256 bytes in IoT Core), keys, context. */
    static final int ENVELOPE_BYTES = 4 * 1024;

    private MessageSizeLimits() {}

    /**
     * The largest frame payload that can carry a message of {@code messageBytes}: the message base64-encoded (as a
     * binary message travels) plus the envelope. A JSON message travels as JSON and is smaller than its base64 form.
     */
    static int frameBytes(int messageBytes) {
        return 4 * ((messageBytes + 2) / 3) + ENVELOPE_BYTES;
    }
}
