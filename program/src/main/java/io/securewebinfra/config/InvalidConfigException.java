package io.securewebinfra.config;

import com.pulumi.exceptions.RunException;

import java.util.List;

/**
 * Every problem found in a stack's configuration, one line each. It is a {@link RunException} so that the Pulumi
 * runtime reports the lines without a stack trace.
 */
public final class InvalidConfigException extends RunException {
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder text = new StringBuilder("invalid stack configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append("); nothing was declared:");
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }
}
