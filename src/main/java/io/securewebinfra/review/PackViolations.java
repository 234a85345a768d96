package io.securewebinfra.review;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pack's violations that the new plan has and the old one had not, as "rule broken" risks. A violation is the
 * same finding when the same policy flags the same resource, so a rule that was already broken before the change
 * (dev's advisory {@code rds-multi-az}) is not charged to it, and a resource renamed into breaking is.
 */
final class PackViolations {
    private PackViolations() {
    }

    static List<Risk> newIn(List<PolicyPack.Violation> before, List<PolicyPack.Violation> after) {
        Set<String> old = new HashSet<>();
        before.forEach(v -> old.add(v.key()));
        Set<String> seen = new HashSet<>();
        List<Risk> risks = new ArrayList<>();
        for (PolicyPack.Violation v : after) {
            if (old.contains(v.key()) || !seen.add(v.key())) {
                continue;
            }
            String resource = v.name().isEmpty() ? "(the stack)" : v.name();
            // The runner's message is the policy's description, then the reason: the reason says what is wrong here.
            String reason = v.message().lines().map(String::strip).filter(l -> !l.isEmpty())
                    .reduce((a, b) -> a + " " + b).orElse("");
            risks.add(new Risk(Risk.Kind.RULE_BROKEN, resource, "breaks the " + v.level() + " pack rule `"
                    + v.policy() + "`: " + reason));
        }
        return risks;
    }
}
