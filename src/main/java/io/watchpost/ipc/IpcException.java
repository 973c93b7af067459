package io.watchpost.ipc;

/** An IPC call failed. The kind is what the runtime acts on; SDK exception types never leave the ipc package. */
public class IpcException extends RuntimeException {
    public enum Kind {
        /** accessControl does not allow the operation on that resource. */
        UNAUTHORIZED,
        /** The nucleus refused the token on connect. */
        ACCESS_DENIED,
        /** The nucleus answered with ServiceError, InvalidArgumentsError or another modelled error. */
        SERVICE_ERROR,
        /** The connection is gone; every further call fails until a new connection is made. */
        CONNECTION_CLOSED,
        /** No answer within the call's timeout. */
        TIMEOUT,
        /** The environment does not describe an IPC endpoint (a variable is missing or empty). */
        NOT_CONFIGURED,
        OTHER
    }

    private final Kind kind;

    public IpcException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
