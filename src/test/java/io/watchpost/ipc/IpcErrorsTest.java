package io.watchpost.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.aws.greengrass.model.InvalidArgumentsError;
import software.amazon.awssdk.aws.greengrass.model.ResourceNotFoundError;
import software.amazon.awssdk.aws.greengrass.model.ServiceError;
import software.amazon.awssdk.aws.greengrass.model.UnauthorizedError;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.eventstreamrpc.EventStreamClosedException;
import software.amazon.awssdk.eventstreamrpc.model.AccessDeniedException;

/** Each SDK failure type, bare and under the future wrappers, maps to the kind the runtime acts on. */
class IpcErrorsTest {
    private static IpcException.Kind kindOf(Throwable t) {
        return IpcErrors.map("Op", t).kind();
    }

    @Test
    void mapsEverySdkFailureToItsKind() {
        assertEquals(IpcException.Kind.UNAUTHORIZED, kindOf(new UnauthorizedError("no")));
        assertEquals(IpcException.Kind.ACCESS_DENIED, kindOf(new AccessDeniedException("svc", "denied")));
        assertEquals(IpcException.Kind.SERVICE_ERROR, kindOf(new ServiceError("boom")));
        assertEquals(IpcException.Kind.SERVICE_ERROR, kindOf(new InvalidArgumentsError("QoS is required")));
        assertEquals(IpcException.Kind.SERVICE_ERROR, kindOf(new ResourceNotFoundError("missing")));
        assertEquals(IpcException.Kind.CONNECTION_CLOSED, kindOf(new EventStreamClosedException(3)));
        assertEquals(IpcException.Kind.CONNECTION_CLOSED, kindOf(new CrtRuntimeException("AWS_IO_SOCKET_CLOSED")));
        assertEquals(IpcException.Kind.CONNECTION_CLOSED, kindOf(new CancellationException()));
        assertEquals(IpcException.Kind.TIMEOUT, kindOf(new TimeoutException()));
        assertEquals(IpcException.Kind.OTHER, kindOf(new IllegalStateException("?")));
    }

    @Test
    void looksThroughFutureWrappers() {
        Throwable wrapped = new CompletionException(new ExecutionException(new UnauthorizedError("denied by policy")));
        IpcException e = IpcErrors.map("SubscribeToIoTCore x", wrapped);
        assertEquals(IpcException.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().startsWith("SubscribeToIoTCore x failed: UnauthorizedError"), e.getMessage());
        assertTrue(e.getCause() instanceof UnauthorizedError);
    }

    @Test
    void keepsAnIpcExceptionAsItIs() {
        IpcException original = new IpcException(IpcException.Kind.TIMEOUT, "slow", null);
        assertSame(original, IpcErrors.map("Op", new ExecutionException(original)));
    }
}
