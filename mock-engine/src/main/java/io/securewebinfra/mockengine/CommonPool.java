package io.securewebinfra.mockengine;

/**
 * Sizes the JVM's common pool for the offline plan before Pulumi first uses it. Pulumi runs every resource
 * registration and output through {@code CompletableFuture}'s async methods, and on a machine with fewer than three
 * cores the common pool has a parallelism of 1, in which case {@code CompletableFuture} starts a new thread for
 * every such task. Two workers run the plan with less CPU (see docs/performance.md).
 * <p>
 * Only for {@link PlanRunner}: Pulumi's own runner polls by rescheduling itself on the pool, and with pooled
 * workers that poll can keep a worker busy forever while the tasks it waits for sit unrun in that worker's queue
 * (seen here as a plan that never ended). So neither {@code pulumi} (which runs Pulumi's runner) nor
 * {@code -Dplan.runner=pulumi} gets this.
 */
public final class CommonPool {
    public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {
    }

    /** Call first in {@code main}: the pool reads the setting once, when it is created. An explicit -D wins. */
    public static void sizeForPlanRunner() {
        if (System.getProperty(PARALLELISM) == null && !MockEngine.usesPulumisRunner()
                && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(PARALLELISM, "2");
        }
    }
}
