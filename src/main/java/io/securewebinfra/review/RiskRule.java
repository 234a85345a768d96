package io.securewebinfra.review;

import java.util.List;

/** One class of dangerous change, found in a {@link PlanDiff}. */
interface RiskRule {
    List<Risk> check(PlanDiff diff);

    /** Every rule, in the order their risks are listed. */
    static List<Risk> all(PlanDiff diff) {
        return java.util.stream.Stream.of(new StatefulRemovals(), new Replacements(), new FirewallOpenings(),
                        new ProtectionsOff(), new AlarmDelivery(), new DatabaseRouting())
                .flatMap(rule -> rule.check(diff).stream())
                .toList();
    }
}
