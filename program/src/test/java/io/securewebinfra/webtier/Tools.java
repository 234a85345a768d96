package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs the real programs the tests need and makes sure every process they start is stopped again. */
final class Tools {
    /** Every owner's processes, for the last-resort shutdown hook. */
    private static final List<Processes> OWNERS = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The processes of the test classes that run one at a time, which {@link #stopAll} stops. */
    static final Processes SHARED = new Processes();

    static {
        // Last resort should a test run be aborted before its cleanup ran.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OWNERS.forEach(Processes::stopAll)));
    }

    /**
     * The long-running processes one owner started, stopped together. A test that runs beside others (see
     * BootRehearsalTest) has its own, so that stopping its processes never stops another test's.
     */
    static final class Processes {
        private final List<Process> started = new ArrayList<>();

        Processes() {
            OWNERS.add(this);
        }

        Process start(Path log, Map<String, String> env, String... command) {
            return start(log, null, env, command);
        }

        synchronized Process start(Path log, Path workingDirectory, Map<String, String> env, String... command) {
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                if (workingDirectory != null) {
                    pb.directory(workingDirectory.toFile());
                }
                pb.environment().putAll(env);
                Process p = pb.start();
                started.add(p);
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stops {@code p} and its children if this owner started it; another owner's process is left alone. */
        synchronized void stop(Process p) {
            if (p != null && started.remove(p)) {
                kill(p);
            }
        }

        synchronized void stopAll() {
            for (Process p : List.copyOf(started)) {
                stop(p);
            }
        }
    }

    private Tools() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /** The program's path, also looking in the sbin directories a non-root PATH often lacks. */
    static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Skips the calling test, saying why, when a program is not installed; fails it instead where
     * {@code REQUIRE_REAL_TOOLS=1} (as {@code .ci/run} sets), so that CI can never pass by skipping.
     */
    static String require(String program) {
        Optional<Path> path = find(program);
        if (path.isEmpty() && "1".equals(System.getenv("REQUIRE_REAL_TOOLS"))) {
            throw new AssertionError(program + " is not installed, and REQUIRE_REAL_TOOLS=1 forbids skipping");
        }
        assumeTrue(path.isPresent(), program + " is not installed; skipping (docs/testing.md says how CI installs it)");
        return path.get().toString();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Result run(Duration timeout, Map<String, String> env, String stdin, String... command) {
        try {
            Path out = Files.createTempFile("tool-", ".out");
            Path err = Files.createTempFile("tool-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command));
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... command) {
        return run(Duration.ofSeconds(30), Map.of(), "", command);
    }

    static Result runOk(String... command) {
        Result r = run(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.all());
        }
        return r;
    }

    /** Starts a long-running process, output to a log file; stopped by {@link #stop} or {@link #stopAll}. */
    static Process start(Path log, Map<String, String> env, String... command) {
        return SHARED.start(log, env, command);
    }

    /** As {@link #start(Path, Map, String...)}, in {@code workingDirectory}. */
    static Process start(Path log, Path workingDirectory, Map<String, String> env, String... command) {
        return SHARED.start(log, workingDirectory, env, command);
    }

    /** Stops a process and its children, whichever owner started it. */
    static void stop(Process p) {
        OWNERS.forEach(owner -> owner.stop(p));
    }

    /** Stops what {@link #start} started; never what a test with processes of its own started. */
    static void stopAll() {
        SHARED.stopAll();
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
