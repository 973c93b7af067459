package io.watchpost;

import io.watchpost.log.EventLog;
import java.io.IOException;
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

    /**
     * Local mode's child: local mode holds the other end of stdin and never writes to it, so end of input means local
     * mode is gone (killed without stopping this process). Exit as on SIGTERM, state saved, rather than reconnecting
     * forever to a core that no longer exists.
     */
    public void whenStandardInputCloses(EventLog log) {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is sent; whatever arrives is ignored.
                }
            } catch (IOException e) {
                // A broken pipe is the same news as end of input.
            }
            log.warn("local_mode_gone", "effect", "stopping: standard input from watchpost local closed");
            exit(0);
        }, "watchpost-local-parent");
        watch.setDaemon(true);
        watch.start();
    }
}
