package io.securewebinfra;

/**
 * Sizes the JVM's common pool before Pulumi first uses it. Pulumi runs every resource registration and output
 * through {@code CompletableFuture}'s async methods, and on a machine with fewer than three cores the common pool
 * has a parallelism of 1, in which case {@code CompletableFuture} starts a new thread for every such task instead.
 * Giving the pool two workers there makes a 2-core machine run the program the way a larger one does, and cuts the
 * offline plan's CPU time by about a fifth (see the README's Performance section).
 */
public final class AsyncPool {
    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private AsyncPool() {
    }

    /** Call first in {@code main}: the pool reads the setting once, when it is created. An explicit -D wins. */
    public static void sizeForPulumi() {
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(PARALLELISM, "2");
        }
    }
}
