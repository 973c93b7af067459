package io.watchpost.ipc;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.aws.greengrass.model.UnauthorizedError;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.eventstreamrpc.EventStreamClosedException;
import software.amazon.awssdk.eventstreamrpc.model.AccessDeniedException;
import software.amazon.awssdk.eventstreamrpc.model.EventStreamOperationError;

/** Maps what the SDK throws to an {@link IpcException} kind; the only place that knows the SDK's exception types. */
final class IpcErrors {
    private IpcErrors() {}

    static IpcException map(String operation, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof IpcException e) {
            return e;
        }
        IpcException.Kind kind;
        if (t instanceof UnauthorizedError) {
            kind = IpcException.Kind.UNAUTHORIZED;
        } else if (t instanceof AccessDeniedException) {
            kind = IpcException.Kind.ACCESS_DENIED;
        } else if (t instanceof EventStreamOperationError) {
            kind = IpcException.Kind.SERVICE_ERROR;
        } else if (t instanceof EventStreamClosedException || t instanceof CrtRuntimeException
                || t instanceof CancellationException) {
            // The SDK cancels or fails pending calls when the connection goes; CRT errors are transport errors.
            kind = IpcException.Kind.CONNECTION_CLOSED;
        } else if (t instanceof TimeoutException) {
            kind = IpcException.Kind.TIMEOUT;
        } else {
            kind = IpcException.Kind.OTHER;
        }
        return new IpcException(kind, operation + " failed: " + describe(t), t);
    }

    /** The failure that matters, under the future/executor wrappers. */
    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof ExecutionException || cur instanceof CompletionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
