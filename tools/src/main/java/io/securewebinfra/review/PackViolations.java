package io.securewebinfra.review;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pack's violations that the new plan has and the old one had not, as "rule broken" risks. A violation is the
 * same finding when the same policy flags the same resource, so a rule that was already broken before the change
 * (dev's advisory {@code rds-multi-az}) is not charged to it, and a resource renamed into breaking is. One change is
 * one risk: where the diff's own risk on a resource is the change-side of the violated rule ({@link Risk#packRule()},
 * such as backups cut and {@code rds-backup-retention}), the violation is folded into that risk, not listed again.
 */
final class PackViolations {
    private PackViolations() {
    }

    static List<Risk> newIn(List<PolicyPack.Violation> before, List<PolicyPack.Violation> after) {
        return merge(List.of(), before, after);
    }

    /** The diff's own risks with the pack's new violations: folded into the risk they repeat, else listed after. */
    static List<Risk> merge(List<Risk> diffRisks, List<PolicyPack.Violation> before,
                            List<PolicyPack.Violation> after) {
        List<Risk> own = new ArrayList<>(diffRisks);
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
            int same = repeated(own, v);
            if (same >= 0) {
                Risk r = own.get(same);
                own.set(same, new Risk(r.kind(), r.resource(), r.message() + " (the new plan also breaks the "
                        + v.level() + " pack rule `" + v.policy() + "`)", r.packRule()));
                continue;
            }
            risks.add(new Risk(Risk.Kind.RULE_BROKEN, resource, "breaks the " + v.level() + " pack rule `"
                    + v.policy() + "`: " + reason));
        }
        own.addAll(risks);
        return own;
    }

    /** The index of the diff's risk that tells the same finding as the violation (same rule, same resource), or -1. */
    private static int repeated(List<Risk> own, PolicyPack.Violation v) {
        for (int i = 0; i < own.size(); i++) {
            Risk r = own.get(i);
            // The diff names a resource "name (in component)"; the pack by name only.
            if (v.policy().equals(r.packRule()) && !v.name().isEmpty()
                    && (r.resource().equals(v.name()) || r.resource().startsWith(v.name() + " (in "))) {
                return i;
            }
        }
        return -1;
    }
}
