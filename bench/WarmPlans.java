import io.securewebinfra.config.RawConfig;
import io.securewebinfra.config.StackFiles;
import io.securewebinfra.plan.OfflinePlan;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The same plan made again and again in one JVM, for the cost of a plan once the JVM has started and compiled what
 * it runs: what no start-up cache can take away. Run by bench/run as a source-file program on the tools' jar:
 *
 * <pre>java -cp tools/target/secure-web-infra-tools.jar bench/WarmPlans.java RUNS STACK [KEY=VALUE]...</pre>
 *
 * Prints one line: the median wall time in seconds of the last half of the runs (the first half warms the JVM up).
 */
public final class WarmPlans {
    private WarmPlans() {
    }

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        String stack = args[1];
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String pair : Arrays.copyOfRange(args, 2, args.length)) {
            String[] kv = pair.split("=", 2);
            overrides.put(kv[0], kv[1]);
        }
        RawConfig raw = StackFiles.read(Path.of("."), stack).with(overrides);
        long[] nanos = new long[runs];
        int length = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            // Written as JSON, as ./plan --json does, so that nothing of the plan is left unused.
            length = OfflinePlan.of(raw).toJson().length();
            nanos[i] = System.nanoTime() - start;
        }
        long[] measured = Arrays.copyOfRange(nanos, runs / 2, runs);
        Arrays.sort(measured);
        System.out.printf("%.3f %d%n", measured[measured.length / 2] / 1e9, length);
    }
}
