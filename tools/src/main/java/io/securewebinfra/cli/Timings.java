package io.securewebinfra.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * How long each step of a plan took, for {@code ./plan --verbose}: the JVM's start until {@code main}, then every step
 * marked, printed on standard error as one line. Reading the JVM's start time loads the management classes, which
 * takes tens of milliseconds itself, so it is read only when the line is printed, and only when asked for.
 */
final class Timings {
    private static long mainStarted = System.nanoTime();

    private final boolean enabled;
    private final List<String> steps = new ArrayList<>();
    private long last = mainStarted;

    private Timings(boolean enabled) {
        this.enabled = enabled;
    }

    /** Call first in {@code main}. */
    static void start() {
        mainStarted = System.nanoTime();
    }

    static Timings of(boolean enabled) {
        return new Timings(enabled);
    }

    /** The step that ended now, named. */
    Timings mark(String step) {
        if (enabled) {
            long now = System.nanoTime();
            steps.add(step + " " + millis(now - last) + " ms");
            last = now;
        }
        return this;
    }

    void print() {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long sinceMain = millis(now - mainStarted);
        long startToMain = ManagementFactory.getRuntimeMXBean().getUptime() - sinceMain;
        System.err.println("plan: JVM start to main " + startToMain + " ms, " + String.join(", ", steps)
                + "; " + (startToMain + sinceMain) + " ms in all");
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
