package io.securewebinfra.plan;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints what a plan tells its user (such as a missing {@code dbPassword}) to standard error, each message once per
 * command: {@code ./plan diff} and {@code ./plan snapshot} plan several stacks, or the same stack twice, in one run,
 * and the same sentence repeated says nothing more.
 */
public final class Notices {
    private static final Set<String> PRINTED = ConcurrentHashMap.newKeySet();

    private Notices() {
    }

    /** Starts a command: its messages are printed again even if an earlier command in this JVM printed them. */
    public static void startCommand() {
        PRINTED.clear();
    }

    /** Prints each notice not printed yet in this command, as {@code note: <notice>}. */
    public static void print(List<String> notices) {
        for (String notice : notices) {
            if (PRINTED.add(notice)) {
                System.err.println("note: " + notice);
            }
        }
    }
}
