package io.watchpost.runtime;

import io.watchpost.ipc.IpcException;
import io.watchpost.log.EventLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Waits for an IPC future with a timeout and turns every failure into an {@link IpcException}. */
final class IpcCalls {
    private IpcCalls() { }

    /**
     * Makes the call and waits for it. An exception the SDK throws while making the call (rather than failing the
     * future) becomes an {@link IpcException} like any other failure, so no caller sees a raw RuntimeException.
     */
    static <T> T call(Supplier<CompletableFuture<T>> call, Duration timeout) {
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            throw asIpcException(e);
        }
        if (future == null) {
            throw new IpcException(IpcException.Kind.OTHER, "the IPC client returned no future", null);
        }
        return await(future, timeout);
    }

    static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asIpcException(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IpcException(IpcException.Kind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            // Shutdown abandons the call in progress; keep the flag so the task ends quickly.
            Thread.currentThread().interrupt();
            throw new IpcException(IpcException.Kind.OTHER, "interrupted while waiting for IPC", e);
        }
    }

    static IpcException asIpcException(Throwable t) {
        if (t instanceof IpcException e) {
            return e;
        }
        return new IpcException(IpcException.Kind.OTHER, EventLog.describe(t), t);
    }
}
