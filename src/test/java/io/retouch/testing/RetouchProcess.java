package io.retouch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Retouch as a user runs it: {@code java -jar target/retouch.jar ...} in a process of its own, so a
 * test can kill it with SIGKILL and start it again. Output goes to files under the working home.
 */
public final class RetouchProcess {

    private static final Path JAR = Path.of("target/retouch.jar");
    /** Every process started and not yet seen to end: a failed test must not leave one holding the database. */
    private static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RetouchProcess::killLeftovers));
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private RetouchProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static RetouchProcess start(Path logDir, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) throw new IllegalStateException(JAR + " is missing: run `./mvnw package` (verify does)");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        String name = args[0] + "-" + System.nanoTime();
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("RETOUCH_") || k.startsWith("FAL_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        STARTED.removeIf(p -> !p.isAlive());
        STARTED.add(process);
        return new RetouchProcess(process, out, err);
    }

    /** SIGKILL to every process a test started that still runs (call after a test that may fail midway). */
    public static void killLeftovers() {
        for (Process p : STARTED) p.destroyForcibly();
        STARTED.clear();
    }

    /** Runs to the end and returns the exit code; fails the test if it takes longer than the limit. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("retouch did not finish within " + seconds + " s; output:\n" + output() + errors());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, no finally blocks, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as a service manager or `kill` sends it. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        return read(stdout);
    }

    public String errors() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "<" + file + " unreadable: " + e + ">";
        }
    }

}
