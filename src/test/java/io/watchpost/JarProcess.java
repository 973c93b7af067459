package io.watchpost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built jar as a real subprocess. stdout and stderr go to files (read back as they grow): a pipe read by a thread
 * here lost the last lines written just before the process ended.
 */
final class JarProcess implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JarProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param env variables to set (a null value removes one); the rest is inherited, without the Greengrass variables
     */
    static JarProcess start(Path workDir, Map<String, String> env, List<String> jvmFlags, String... args)
            throws IOException {
        JarProcess p = startWithOpenStdin(workDir, env, jvmFlags, args);
        p.process.getOutputStream().close();
        return p;
    }

    /**
     * As {@link #start}, but standard input stays open until {@link #close()}: what {@code watchpost local} does for its
     * component child ({@code --local-child}), which exits when its standard input closes.
     */
    static JarProcess startWithOpenStdin(Path workDir, Map<String, String> env, List<String> jvmFlags, String... args)
            throws IOException {
        String jar = Path.of(System.getProperty("watchpost.jar", "target/watchpost.jar")).toAbsolutePath().toString();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.equals("SVCUID") || k.startsWith("AWS_"));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        return new JarProcess(pb.start(), stdout, stderr);
    }

    /** Waits until {@code count} stdout lines match; false when the time ran out or the process ended first. */
    boolean awaitLines(Predicate<String> match, int count, Duration timeout) throws InterruptedException {
        return awaitLines(this::stdoutLines, match, count, timeout);
    }

    /** As {@link #awaitLines(Predicate, int, Duration)} on stderr (where WARN and ERROR events go). */
    boolean awaitStderrLines(Predicate<String> match, int count, Duration timeout) throws InterruptedException {
        return awaitLines(this::stderrLines, match, count, timeout);
    }

    private boolean awaitLines(java.util.function.Supplier<List<String>> lines, Predicate<String> match, int count,
                               Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ended = !process.isAlive();
            if (lines.get().stream().filter(match).count() >= count) {
                return true;
            }
            if (ended || System.nanoTime() >= deadline) {
                return false;
            }
            process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** SIGTERM, as the nucleus (and Ctrl-C's sibling) sends it. */
    void terminate() {
        process.destroy();
    }

    long pid() {
        return process.pid();
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    List<String> stdoutLines() {
        try {
            return Files.readString(stdout, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> stderrLines() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String stdout() {
        return String.join("\n", stdoutLines());
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Value of {@code key=} in the first stdout line of {@code event}. */
    String field(String event, String key) {
        for (String line : stdoutLines()) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals(event)) {
                for (String kv : f) {
                    if (kv.startsWith(key + "=")) {
                        return kv.substring(key.length() + 1);
                    }
                }
            }
        }
        throw new AssertionError("no " + event + " line with " + key + "= in:\n" + stdout());
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed (start) or the process is gone.
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
