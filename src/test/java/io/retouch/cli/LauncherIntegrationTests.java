package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/retouch as a newcomer meets it: it finds a Java 21+ wherever it is, or says in one line what to install. */
class LauncherIntegrationTests {

    @Test
    void findsAJdk21OrNewerEvenWhenJavaOnThePathIsOlder(@TempDir Path dir) throws Exception {
        Path old = fakeJava(dir, 17);
        String thisJdk = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();
        Result result = launch(Map.of("JAVA_HOME", "", "RETOUCH_JDK_DIRS", thisJdk, "PATH", old.getParent() + ":/usr/bin:/bin"));
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out.strip()).isEqualTo("retouch 0.1.0");
    }

    @Test
    void saysWhatToInstallWhenThereIsNoJava21(@TempDir Path dir) throws Exception {
        Path old = fakeJava(dir, 17);
        Result result = launch(Map.of("JAVA_HOME", "", "RETOUCH_JDK_DIRS", dir.resolve("none").toString(),
                "PATH", old.getParent() + ":/usr/bin:/bin"));
        assertThat(result.code).isEqualTo(2);
        assertThat(result.out).isEmpty();
        assertThat(result.err.lines().toList()).hasSize(1);
        assertThat(result.err).contains("retouch: needs Java 21 or newer (found: 17)").contains("JAVA_HOME");
    }

    // Bug: the first run of a new build deleted every other build's unpacked jar, so two builds used in turn (two
    // worktrees, two installs) unpacked again on every run, and an upgrade pulled the files from under a worker
    // of the old build still running from them.
    @Test
    void anotherBuildsCacheStaysWhileUsedOrRunAndGoesAfterAWeekUnused(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/pgrep"))
                || Files.isExecutable(Path.of("/bin/pgrep")), "without pgrep the launcher removes no cache");
        Path cache = dir.resolve("cache");
        Path inUse = Files.createDirectories(cache.resolve("1000-1700000000/app"));
        Path unused = Files.createDirectories(cache.resolve("2000-1600000000/app"));
        Path running = Files.createDirectories(cache.resolve("3000-1500000000/app"));
        for (Path old : new Path[] {unused, running})
            Files.setLastModifiedTime(old.getParent(), java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofDays(8))));
        String thisJdk = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();
        // a `retouch worker` of that build started long ago, still running from its cache
        Process worker = new ProcessBuilder("bash", "-c", "sleep 60; :", running.resolve("retouch.jar").toString()).start();
        try {
            Result result = launch(Map.of("JAVA_HOME", thisJdk, "RETOUCH_CACHE", cache.toString()));

            assertThat(result.code).as(result.err).isZero();
            assertThat(inUse).as("used within the week").exists();
            assertThat(running).as("a process runs from it").exists();
            assertThat(unused.getParent()).as("unused for eight days").doesNotExist();
            try (var builds = Files.list(cache)) {
                assertThat(builds.filter(p -> !p.getFileName().toString().startsWith(".")).count())
                        .as("this build's own too").isEqualTo(3);
            }
        } finally {
            worker.destroy();
        }
    }

    private record Result(int code, String out, String err) {}

    private static Result launch(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bin/retouch", "--version");
        builder.environment().putAll(env);
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()), new String(p.getErrorStream().readAllBytes()));
    }

    /** A `java` that says it is the given version, as an old JDK on the PATH would. */
    private static Path fakeJava(Path dir, int version) throws Exception {
        Path java = dir.resolve("old-jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }
}
