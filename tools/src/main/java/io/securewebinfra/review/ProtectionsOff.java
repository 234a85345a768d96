package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A safeguard against losing data or the means to recover it turned off: deletion protection, Multi-AZ, backups,
 * the final snapshot, automated backups kept after deletion, a secret's recovery window, Pulumi's own
 * {@code protect}. These are about the change: going from 7 days of backups to 3 loses recovery points even where 3
 * is allowed. Absolute rules about one plan (encryption, IMDSv2, TLS policies, public access, access logs, the bucket
 * and flow-log safeguards) are the policy pack's alone, which the diff runs on both plans: a second check here would
 * report one change twice, and could disagree with the pack.
 */
final class ProtectionsOff implements RiskRule {

    /**
     * A safeguard held by one property.
     *
     * @param path     the property path, as a pattern (list indices vary)
     * @param weakened whether going from the old value to the new one (either may be null: absent) weakens it
     * @param packRule the pack rule that states the same safeguard as an absolute rule, or null: its new violation on
     *                 the same resource is this risk told again, so it is folded into this one
     */
    private record Guard(String type, Pattern path, String safeguard, BiPredicate<JsonNode, JsonNode> weakened,
                         String packRule) {
    }

    private static final String DB = "aws:rds/instance:Instance";

    private static final List<Guard> GUARDS = List.of(
            on(DB, "deletionProtection", "deletion protection", isTrue(), "rds-deletion-protection"),
            on(DB, "multiAz", "Multi-AZ failover", isTrue(), "rds-multi-az"),
            on(DB, "skipFinalSnapshot", "the final snapshot", isFalse(), "rds-final-snapshot"),
            new Guard(DB, Pattern.compile("backupRetentionPeriod"), "backups",
                    (before, after) -> number(before) > number(after), "rds-backup-retention"),
            on(DB, "deleteAutomatedBackups", "automated backups kept after deletion", isFalse(),
                    "rds-keep-automated-backups"),
            on("aws:lb/loadBalancer:LoadBalancer", "enableDeletionProtection", "deletion protection", isTrue(), null),
            new Guard("aws:secretsmanager/secret:Secret", Pattern.compile("recoveryWindowInDays"),
                    "the recovery window", (before, after) -> number(before) > 0 && after != null
                    && number(after) == 0, null));

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            if (change.kind() == ResourceChange.Kind.CHANGED) {
                risks.addAll(weakened(change));
            }
        }
        return risks;
    }

    private static List<Risk> weakened(ResourceChange change) {
        List<Risk> risks = new ArrayList<>();
        if (change.protectedBefore() && !change.protectedAfter()) {
            risks.add(new Risk(Risk.Kind.PROTECTION_OFF, change.label(),
                    "Pulumi's `protect` is lifted: `pulumi destroy` and replacements may now delete it"));
        }
        for (PropertyChange p : change.properties()) {
            for (Guard guard : GUARDS) {
                if (guard.type.equals(change.type()) && guard.path.matcher(p.path()).matches()
                        && guard.weakened.test(p.before(), p.after())) {
                    risks.add(new Risk(Risk.Kind.PROTECTION_OFF, change.label(), "weakens " + guard.safeguard + ": `"
                            + p.path() + "` " + Markdown.value(p.before()) + " → " + Markdown.value(p.after()),
                            guard.packRule));
                }
            }
        }
        return risks;
    }

    /** A guard that holds while the value passes {@code safe}: losing it (or the value) weakens it. */
    private static Guard on(String type, String path, String safeguard, Predicate<JsonNode> safe, String packRule) {
        return new Guard(type, Pattern.compile(path), safeguard,
                (before, after) -> safe.test(before) && !safe.test(after), packRule);
    }

    private static Predicate<JsonNode> isTrue() {
        return value -> value != null && (value.asBoolean(false) || value.asText().equals("true"));
    }

    /** Safe when false or absent, where absent means the provider's default of false. */
    private static Predicate<JsonNode> isFalse() {
        return value -> value == null || !(value.asBoolean(false) || value.asText().equals("true"));
    }

    private static double number(JsonNode value) {
        return value == null ? 0 : value.asDouble(0);
    }
}
