package io.securewebinfra.mockengine;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Constants;
import com.pulumi.core.internal.ContextAwareCompletableFuture;
import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.deployment.internal.Runner;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that uses pulumi-java's internal packages ({@code com.pulumi.**.internal}), which that SDK says are
 * not for end users and may change in any release. Every other class of the project uses only this class and
 * Pulumi's public API ({@code PulumiTest}, {@code Mocks}, {@code TestOptions}, {@code TestResult}, {@code Output});
 * {@code PulumiInternalsTest} fails if another source file names an internal type, and it exercises every entry
 * point below, so that an SDK upgrade that moves one fails there, naming the member and this file.
 * <p>
 * What the offline plan needs that the public test API ({@code PulumiTest.withMocks(mocks).withOptions(options)
 * .runTest(program)}) does not give, and the internal used for it:
 * <ul>
 * <li><b>The raw register requests</b> ({@link #runTest}'s {@code registrations}): {@code Mocks.newResourceAsync}
 *     sees plain inputs only, with secrets unmarked, nulls and unknowns dropped, and no parent, dependencies,
 *     {@code protect} or {@code ignoreChanges}: all of which the plan shows. {@code PulumiTestInternal.builder()
 *     .monitorDecorator(...)} with a {@code MockMonitor} subclass sees each request as the engine would.</li>
 * <li><b>A quiet engine log</b>: the public runner logs at INFO to standard error, which would mix Pulumi's own
 *     messages into {@code ./plan}'s output. {@code PulumiTestInternal.logger(Level)} and {@code .standardLogger}
 *     set the level; {@code PulumiTestInternal.mockLog(Logger)} gives the monitor the same logger (the no-argument
 *     {@code mockLog()} would set that shared logger back to INFO).</li>
 * <li><b>The task runner</b>: Pulumi's runner polls (see {@link PlanRunner}); {@code .deploymentFactory(...)}
 *     sets {@code DeploymentImpl.DeploymentState.runner} to an internal {@code Runner} that delegates to
 *     {@link PlanRunner}, and builds the {@code DeploymentImpl} from that state, as the builder's default does.
 *     The runner logs a failed program through the deployment's {@code EngineLogger} (read from the state once
 *     the deployment made it) and answers with a {@code Runner.Result}, whose constructor is protected; it starts
 *     the program with {@code ContextAwareCompletableFuture.supplyAsync}, which carries the running deployment
 *     (held per thread by Pulumi) onto the pool thread, as Pulumi's own runner does.</li>
 * <li><b>Whether an output is secret</b> ({@link #isSecret}): {@code PulumiTest.extractValue} gives the value but
 *     not the secret flag, and the plan masks secrets. {@code PulumiTestInternal.extractOutputData} has it.</li>
 * <li><b>The protocol's markers</b> (the {@code *_SIGNATURE} and {@code *_KEY} constants below): the values Pulumi
 *     puts in a register request for a secret, a resource reference, an asset and an unknown value. They belong to
 *     Pulumi's wire protocol, but pulumi-java keeps them only in the internal {@code Constants}; naming them here,
 *     rather than copying the strings, keeps one source. (javac copies them into this class, so the test also
 *     checks that the SDK on the classpath still holds the same values.)</li>
 * </ul>
 * Cleaning up after a run needs no internal: {@code PulumiTest.cleanup()} is public.
 */
final class PulumiInternals {
    /** The key under which a special value (secret, resource reference, asset) carries its signature. */
    static final String SIGNATURE_KEY = Constants.SpecialSigKey;
    static final String SECRET_SIGNATURE = Constants.SpecialSecretSig;
    /** The key of a secret's wrapped value. */
    static final String SECRET_VALUE_KEY = Constants.SecretValueName;
    static final String RESOURCE_SIGNATURE = Constants.SpecialResourceSig;
    static final String ASSET_SIGNATURE = Constants.SpecialAssetSig;
    /** The string that stands for a value not known until the cloud answers. */
    static final String UNKNOWN_VALUE = Constants.UnknownValue;

    /** The exit codes Pulumi's runner gives, which the engine and {@code TestResult.exitCode()} interpret. */
    static final int EXITED_SUCCESSFULLY = Runner.ProcessExitedSuccessfully;
    static final int EXITED_BEFORE_LOGGING_USER_ACTIONABLE_MESSAGE = Runner.ProcessExitedBeforeLoggingUserActionableMessage;
    static final int EXITED_AFTER_LOGGING_USER_ACTIONABLE_MESSAGE = Runner.ProcessExitedAfterLoggingUserActionableMessage;

    private PulumiInternals() {
    }

    /**
     * Sees every resource registration before the mock engine answers it, and may change the answer.
     * {@code mockMonitor} is the mock engine's own handling: it asks the {@link Mocks} and returns their answer.
     */
    interface Registrations {
        CompletableFuture<RegisterResourceResponse> register(Resource resource, RegisterResourceRequest request,
                BiFunction<Resource, RegisterResourceRequest, CompletableFuture<RegisterResourceResponse>> mockMonitor);
    }

    /** The deployment's engine log, as much of it as {@link PlanRunner} uses. */
    interface EngineLog {
        CompletableFuture<Void> error(String message);

        CompletableFuture<Void> error(String message, Resource resource);

        boolean hasLoggedErrors();
    }

    /**
     * Runs a program under the mock engine, as {@code PulumiTest.withMocks(mocks).withOptions(options).runTest(program)}
     * does, but with the engine's own log quiet below SEVERE, every registration passed through {@code registrations},
     * and the program run by {@link PlanRunner} unless {@code pulumisRunner}. Call {@code PulumiTest.cleanup()} after.
     */
    static TestResult runTest(TestOptions options, Mocks mocks, Registrations registrations, boolean pulumisRunner,
                              Consumer<Context> program) {
        Logger quiet = PulumiTestInternal.logger(Level.SEVERE);
        MockMonitor monitor = new MockMonitor(mocks, PulumiTestInternal.mockLog(quiet)) {
            @Override
            public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                                     RegisterResourceRequest request) {
                return registrations.register(resource, request, super::registerResourceAsync);
            }
        };
        return PulumiTestInternal.builder()
                .options(options)
                .standardLogger(quiet)
                .mocks(mocks)
                .monitorDecorator(ignored -> monitor)
                .deploymentFactory(state -> {
                    if (!pulumisRunner) {
                        // The deployment sets state.logger after the runner exists: read it when a message is logged.
                        state.runner = new PlanRunnerAdapter(new PlanRunner(engineLog(() -> state.logger)));
                    }
                    return new DeploymentImpl(state);
                })
                .build()
                .runTest(program);
    }

    static EngineLog engineLog(Supplier<EngineLogger> logger) {
        return new EngineLog() {
            @Override
            public CompletableFuture<Void> error(String message) {
                return logger.get().errorAsync(message);
            }

            @Override
            public CompletableFuture<Void> error(String message, Resource resource) {
                return logger.get().errorAsync(message, resource);
            }

            @Override
            public boolean hasLoggedErrors() {
                return logger.get().hasLoggedErrors();
            }
        };
    }

    /** Runs a task on the common pool within the running deployment's context (see the class comment). */
    static <T> CompletableFuture<T> supplyAsyncInDeployment(Supplier<T> task) {
        return ContextAwareCompletableFuture.supplyAsync(task);
    }

    /** Whether a settled output is a secret. Its value is public: {@code PulumiTest.extractValue}. */
    static boolean isSecret(Output<?> output) {
        return PulumiTestInternal.extractOutputData(output).isSecret();
    }

    /** Pulumi's runner interface, answered by {@link PlanRunner}. */
    private static final class PlanRunnerAdapter implements Runner {
        private final PlanRunner runner;

        PlanRunnerAdapter(PlanRunner runner) {
            this.runner = runner;
        }

        @Override
        public <T> void registerTask(String description, CompletableFuture<T> task) {
            runner.registerTask(description, task);
        }

        @Override
        public <T> CompletableFuture<Result<T>> runAsync(Supplier<T> callback) {
            return runner.runAsync(callback).thenApply(outcome -> new PlanResult<>(outcome.exitCode(),
                    outcome.exceptions(), outcome.result()));
        }
    }

    /** {@link Runner.Result}'s constructor is open to subclasses only. */
    private static final class PlanResult<T> extends Runner.Result<T> {
        PlanResult(int exitCode, List<Exception> exceptions, Optional<T> result) {
            super(exitCode, exceptions, result);
        }
    }
}
