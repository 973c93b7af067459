package io.watchpost.runtime;

import io.watchpost.ipc.IpcException;
import io.watchpost.log.EventLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for an IPC future with a timeout and turns every failure into an {@link IpcException}. */
final class IpcCalls {
    private IpcCalls() { }

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
