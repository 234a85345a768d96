package io.securewebinfra.mockengine;

import com.pulumi.exceptions.ResourceException;
import com.pulumi.exceptions.RunException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import static io.securewebinfra.mockengine.PulumiInternals.EXITED_AFTER_LOGGING_USER_ACTIONABLE_MESSAGE;
import static io.securewebinfra.mockengine.PulumiInternals.EXITED_BEFORE_LOGGING_USER_ACTIONABLE_MESSAGE;
import static io.securewebinfra.mockengine.PulumiInternals.EXITED_SUCCESSFULLY;

/**
 * Runs the program for the offline plan and waits for the tasks it starts (resource registrations, outputs) by
 * their completion. Pulumi's own runner polls instead: it reschedules itself without pause and formats the text of
 * every task still in flight on each round, which burns one of the machine's cores and grows with the number of
 * resources. The semantics are the same: run the program, wait until every registered task has finished or one has
 * failed, log a failure to the engine and report it with exit code 32. {@link PulumiInternals} plugs it into the
 * mock engine in place of Pulumi's runner.
 */
final class PlanRunner {
    private final PulumiInternals.EngineLog engineLog;
    private final Queue<Exception> swallowedExceptions = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final Object lock = new Object();
    private int inFlight;
    private boolean programReturned;

    /** What a run ends with: Pulumi's {@code Runner.Result}, which {@link PulumiInternals} makes of it. */
    record Outcome<T>(int exitCode, List<Exception> exceptions, Optional<T> result) {
    }

    /** The deployment's engine log. */
    PlanRunner(PulumiInternals.EngineLog engineLog) {
        this.engineLog = Objects.requireNonNull(engineLog);
    }

    <T> void registerTask(String description, CompletableFuture<T> task) {
        Objects.requireNonNull(description);
        Objects.requireNonNull(task);
        synchronized (lock) {
            inFlight++;
        }
        task.whenComplete((value, failure) -> finished(failure));
    }

    private void finished(Throwable failure) {
        if (failure != null) {
            // As in Pulumi's runner, the first failed task ends the wait.
            drained.completeExceptionally(failure);
            return;
        }
        synchronized (lock) {
            inFlight--;
            settleIfDone();
        }
    }

    private void settleIfDone() {
        if (programReturned && inFlight == 0) {
            drained.complete(null);
        }
    }

    <T> CompletableFuture<Outcome<T>> runAsync(Supplier<T> callback) {
        CompletableFuture<T> program = PulumiInternals.supplyAsyncInDeployment(callback);
        registerTask("the program", program);
        return program
                .thenCompose(value -> {
                    synchronized (lock) {
                        programReturned = true;
                        settleIfDone();
                    }
                    return drained.thenApply(ignored -> value);
                })
                .handle((value, failure) -> {
                    if (failure != null) {
                        return failed(failure).thenApply(code -> new Outcome<T>(
                                code, List.copyOf(swallowedExceptions), Optional.empty()));
                    }
                    int code = engineLog.hasLoggedErrors()
                            ? EXITED_BEFORE_LOGGING_USER_ACTIONABLE_MESSAGE : EXITED_SUCCESSFULLY;
                    return CompletableFuture.completedFuture(new Outcome<>(
                            code, List.copyOf(swallowedExceptions), Optional.ofNullable(value)));
                })
                .thenCompose(result -> result);
    }

    /** Logs the failure to the engine, as Pulumi's runner does, and gives the exit code that says it was logged. */
    private CompletableFuture<Integer> failed(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Exception exception = cause instanceof Exception e ? e : new RunException("unexpected throwable", cause);
        swallowedExceptions.add(exception);
        CompletableFuture<Void> logged;
        if (exception instanceof RunException) {
            logged = engineLog.error(exception.getMessage());
        } else if (exception instanceof ResourceException resourceException) {
            logged = engineLog.error(resourceException.isHideStack()
                    ? resourceException.getMessage() : stackTrace(resourceException),
                    resourceException.getResource().orElse(null));
        } else {
            logged = engineLog.error("the program failed with an unhandled exception:\n"
                    + stackTrace(exception));
        }
        return logged.thenApply(ignored -> EXITED_AFTER_LOGGING_USER_ACTIONABLE_MESSAGE);
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter text = new StringWriter();
        throwable.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
