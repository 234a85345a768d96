package io.securewebinfra.plan;

import com.pulumi.core.internal.ContextAwareCompletableFuture;
import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.deployment.internal.Runner;
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

/**
 * Runs the program for the offline plan and waits for the tasks it starts (resource registrations, outputs) by
 * their completion. Pulumi's own runner polls instead: it reschedules itself without pause and formats the text of
 * every task still in flight on each round, which burns one of the machine's cores and grows with the number of
 * resources. The semantics are the same: run the program, wait until every registered task has finished or one has
 * failed, log a failure to the engine and report it with exit code 32.
 */
final class PlanRunner implements Runner {
    private final Supplier<EngineLogger> engineLogger;
    private final Queue<Exception> swallowedExceptions = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final Object lock = new Object();
    private int inFlight;
    private boolean programReturned;

    /** The engine logger is the deployment's own, which exists only once the runner does. */
    PlanRunner(Supplier<EngineLogger> engineLogger) {
        this.engineLogger = Objects.requireNonNull(engineLogger);
    }

    @Override
    public <T> void registerTask(String description, CompletableFuture<T> task) {
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

    @Override
    public <T> CompletableFuture<Result<T>> runAsync(Supplier<T> callback) {
        CompletableFuture<T> program = ContextAwareCompletableFuture.supplyAsync(callback);
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
                        return failed(failure).thenApply(code -> (Result<T>) new PlanResult<T>(
                                code, List.copyOf(swallowedExceptions), Optional.empty()));
                    }
                    int code = engineLogger.get().hasLoggedErrors()
                            ? ProcessExitedBeforeLoggingUserActionableMessage : ProcessExitedSuccessfully;
                    return CompletableFuture.completedFuture((Result<T>) new PlanResult<>(
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
            logged = engineLogger.get().errorAsync(exception.getMessage());
        } else if (exception instanceof ResourceException resourceException) {
            logged = engineLogger.get().errorAsync(resourceException.isHideStack()
                    ? resourceException.getMessage() : stackTrace(resourceException),
                    resourceException.getResource().orElse(null));
        } else {
            logged = engineLogger.get().errorAsync("the program failed with an unhandled exception:\n"
                    + stackTrace(exception));
        }
        return logged.thenApply(ignored -> ProcessExitedAfterLoggingUserActionableMessage);
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter text = new StringWriter();
        throwable.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** {@link Runner.Result}'s constructor is open to subclasses only. */
    private static final class PlanResult<T> extends Result<T> {
        PlanResult(int exitCode, List<Exception> exceptions, Optional<T> result) {
            super(exitCode, exceptions, result);
        }
    }
}
