package io.watchpost;

import java.util.concurrent.atomic.AtomicReference;

/**
 * How the process ends. SIGTERM (the nucleus stopping the component) and SIGINT (Ctrl-C in local mode) run the
 * shutdown hook, which cleans up (the component saves its state) and then ends the JVM with status 0 (docs/runtime.md
 * "Shutdown"); left to itself the JVM would exit with 128 + the signal number. An exit Main decides on itself
 * (start-up failed: 1) keeps its status: the hook still cleans up but does not override it.
 */
public final class SignalExit {
    private enum State { RUNNING, SIGNALLED, EXITING }

    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);

    /** Installs the one shutdown hook; {@code cleanup} must be idempotent and finish within the 5 s the nucleus allows. */
    public void onShutdown(Runnable cleanup) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean signalled = state.compareAndSet(State.RUNNING, State.SIGNALLED);
            cleanup.run();
            if (signalled) {
                System.out.flush();
                System.err.flush();
                // halt, not exit: exit from a shutdown hook would block forever.
                Runtime.getRuntime().halt(0);
            }
        }, "watchpost-shutdown"));
    }

    /**
     * Ends the process with {@code status}, unless a signal already started the shutdown: then the hook decides (0) and
     * this simply returns, so the caller's thread can end.
     */
    public void exit(int status) {
        if (state.compareAndSet(State.RUNNING, State.EXITING)) {
            System.exit(status);
        }
    }
}
