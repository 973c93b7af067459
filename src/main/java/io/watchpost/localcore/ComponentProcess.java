package io.watchpost.localcore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The component as a child process of local mode, started the way the nucleus starts one: its own JVM with the
 * recipe's flags ({@link RecipeRun}), the nucleus's variables, a working directory. Its stdout and stderr are copied
 * line by line to local mode's (one println each, so a line never lands inside one of the console's report blocks).
 * Its stdin is a pipe nothing is written to: if local mode dies without stopping it, the pipe closes, and the child
 * (started with the local-child option) exits instead of reconnecting to a core that is gone.
 */
public final class ComponentProcess {
    /** How long the copies of the child's output may take to drain after it exited. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final Process process;
    private final List<Thread> copiers;

    private ComponentProcess(Process process, List<Thread> copiers) {
        this.process = process;
        this.copiers = copiers;
    }

    /** The java that runs this process (so the child gets the same runtime), else {@code java.home}'s. */
    public static Path java() {
        return ProcessHandle.current().info().command().map(Path::of).filter(Files::isExecutable)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /**
     * {@code java <recipe flags> <properties> <program> <arguments>}.
     *
     * @param program    {@code -jar <jar>}, or {@code -cp <class path> <main class>} when not run from a jar
     * @param properties {@code -D} options the recipe's Run also sets per platform or install (the CRT's directory)
     */
    public static List<String> command(Path java, List<String> properties, List<String> program,
                                       List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(RecipeRun.JVM_FLAGS);
        command.addAll(properties);
        command.addAll(program);
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /**
     * Starts {@code command} in {@code workDir} with this process's environment, minus any Greengrass variables it
     * holds, plus {@code variables} and {@link RecipeRun#ENVIRONMENT}.
     */
    public static ComponentProcess start(List<String> command, Path workDir, Map<String, String> variables,
                                         PrintStream out, PrintStream err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.equals("SVCUID") || k.startsWith("AWS_"));
        env.putAll(variables);
        env.putAll(RecipeRun.ENVIRONMENT);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = pb.start();
        List<Thread> copiers = List.of(copier(process.getInputStream(), out, "stdout"),
                copier(process.getErrorStream(), err, "stderr"));
        copiers.forEach(Thread::start);
        return new ComponentProcess(process, copiers);
    }

    private static Thread copier(InputStream from, PrintStream to, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    to.println(line);
                }
            } catch (IOException e) {
                // The child's end closed abruptly; it has nothing more to say.
            }
            to.flush();
        }, "watchpost-component-" + name);
        t.setDaemon(true);
        return t;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the child to exit by itself; returns its status once its output is copied. */
    public int awaitExit() throws InterruptedException {
        int status = process.waitFor();
        drain();
        return status;
    }

    /**
     * Stops the child as the nucleus stops a component: SIGTERM, then up to {@code grace} for it to save its state and
     * exit, then SIGKILL. Returns whether it exited within the grace.
     */
    public boolean stop(Duration grace) throws InterruptedException {
        // Through the handle: Process.destroy also closes the pipes, which would cut off the child's last lines and
        // close its stdin (its other reason to stop) before it has even seen the signal.
        process.toHandle().destroy();
        boolean exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.toHandle().destroyForcibly();
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        drain();
        return exited;
    }

    /** The exit status, once the child has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    private void drain() throws InterruptedException {
        for (Thread t : copiers) {
            t.join(DRAIN.toMillis());
        }
    }
}
