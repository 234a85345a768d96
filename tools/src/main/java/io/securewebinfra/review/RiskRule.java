package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One class of dangerous change, found in a {@link PlanDiff}. */
interface RiskRule {
    List<Risk> check(PlanDiff diff);

    /** Every rule, in the order their risks are listed. */
    static List<RiskRule> rules() {
        return List.of(new WholeStack(), new StatefulRemovals(), new Replacements(), new FirewallOpenings(),
                FirewallOpenings.egress(), new GroupMembership(), new IamWidening(), new InternetRoutes(),
                new ProtectionsOff(), new Downgrades(), new AlarmDelivery(), new DatabaseRouting(), new TrafficTargets(),
                new UnreviewedResources());
    }

    /**
     * Every risk of a change. {@code ignoreChanges} is honoured the way {@code pulumi up} honours it: the rules see
     * the change as applied (ignored properties keep their old values), and then, separately, the ignored part
     * alone. A risky ignored change is still listed, saying it is hidden: it is in the code, and any new stack or
     * replacement applies it. Replacements and restarts of the ignored part are left out, since they do not happen.
     */
    static List<Risk> all(PlanDiff diff) {
        Hidden hidden = Hidden.split(diff.beforePlan(), diff.afterPlan());
        PlanDiff applied = hidden.isEmpty() ? diff : PlanDiff.between(diff.beforePlan(), hidden.applied());
        List<Risk> risks = new ArrayList<>(run(applied));
        if (!hidden.isEmpty()) {
            PlanDiff ignored = PlanDiff.between(hidden.base(), hidden.ignoredOnly());
            for (Risk risk : run(ignored)) {
                if (!Set.of(Risk.Kind.REPLACEMENT, Risk.Kind.RESTART, Risk.Kind.DATA_LOSS).contains(risk.kind())) {
                    risks.add(new Risk(risk.kind(), risk.resource(), risk.message()
                            + " (hidden by ignoreChanges: not applied by pulumi up, but in the code)", risk.packRule()));
                }
            }
        }
        risks.addAll(IgnoreAdded.check(diff));
        return risks;
    }

    private static List<Risk> run(PlanDiff diff) {
        return rules().stream().flatMap(rule -> rule.check(diff).stream()).toList();
    }

    /**
     * A change split in two: {@code applied} is the new plan with every ignored property of a resource that was
     * already there kept at its old value; {@code ignoredOnly} is the old plan with only those properties changed,
     * over {@code base}, the old plan; both without ignoreChanges, so that the rules see the ignored values.
     */
    record Hidden(JsonNode base, JsonNode applied, JsonNode ignoredOnly, boolean isEmpty) {
        static Hidden split(JsonNode before, JsonNode after) {
            Map<String, JsonNode> old = new HashMap<>();
            for (JsonNode r : before.path("resources")) {
                old.put(address(r), r);
            }
            ObjectNode applied = after.deepCopy();
            ObjectNode base = before.deepCopy();
            ObjectNode ignoredOnly = before.deepCopy();
            Map<String, ObjectNode> ignoredByAddress = new HashMap<>();
            ignoredOnly.path("resources").forEach(r -> ignoredByAddress.put(address(r), (ObjectNode) r));
            base.path("resources").forEach(r -> ((ObjectNode) r).remove("ignoreChanges"));
            ignoredOnly.path("resources").forEach(r -> ((ObjectNode) r).remove("ignoreChanges"));
            boolean any = false;
            for (JsonNode r : applied.path("resources")) {
                JsonNode was = old.get(address(r));
                if (was == null || !r.path("ignoreChanges").isArray()) {
                    continue;
                }
                for (JsonNode entry : r.path("ignoreChanges")) {
                    String[] path = entry.asText().split("\\.");
                    JsonNode oldValue = at(was.path("inputs"), path);
                    JsonNode newValue = at(r.path("inputs"), path);
                    if (java.util.Objects.equals(oldValue, newValue)) {
                        continue;
                    }
                    any = true;
                    set((ObjectNode) r.path("inputs"), path, oldValue);
                    set((ObjectNode) ignoredByAddress.get(address(r)).path("inputs"), path, newValue);
                }
            }
            return new Hidden(base, applied, ignoredOnly, !any);
        }

        private static String address(JsonNode r) {
            return r.path("parent").asText("") + "$" + r.path("type").asText() + "::" + r.path("name").asText();
        }

        private static JsonNode at(JsonNode node, String[] path) {
            for (String part : path) {
                node = node.path(part);
            }
            return node.isMissingNode() ? null : node;
        }

        private static void set(ObjectNode inputs, String[] path, JsonNode value) {
            ObjectNode node = inputs;
            for (int i = 0; i < path.length - 1; i++) {
                if (!node.path(path[i]).isObject()) {
                    if (value == null) {
                        return;
                    }
                    node.putObject(path[i]);
                }
                node = (ObjectNode) node.get(path[i]);
            }
            if (value == null) {
                node.remove(path[path.length - 1]);
            } else {
                node.set(path[path.length - 1], value);
            }
        }
    }

    /**
     * An ignoreChanges entry added that covers a property whose change would be a risk: from then on, such a change
     * would be hidden from {@code pulumi up}. Entries for properties that only drift or are chosen once (the AMI,
     * tags, the zone AWS picked) are the usual, safe use.
     */
    final class IgnoreAdded {
        private static final Set<String> ROUTINE = Set.of("ami", "tags", "tagsAll", "availabilityZone",
                "latestVersion", "defaultVersion", "desiredCapacity");

        private IgnoreAdded() {
        }

        static List<Risk> check(PlanDiff diff) {
            List<Risk> risks = new ArrayList<>();
            for (ResourceChange change : diff.changes()) {
                if (change.after() == null) {
                    continue;
                }
                List<String> before = new ArrayList<>();
                if (change.before() != null) {
                    change.before().path("ignoreChanges").forEach(e -> before.add(e.asText()));
                }
                for (JsonNode entry : change.after().path("ignoreChanges")) {
                    String property = entry.asText();
                    String top = property.split("[.\\[]")[0];
                    if (!before.contains(property) && !ROUTINE.contains(top)) {
                        risks.add(new Risk(Risk.Kind.CHANGE_HIDDEN, change.label(), "`ignoreChanges` now covers `"
                                + property + "`: a later change to it (" + Types.describe(change.type())
                                + ") is never applied by pulumi up, and reviews of the plan would not see it deployed"));
                    }
                }
            }
            return risks;
        }
    }
}
