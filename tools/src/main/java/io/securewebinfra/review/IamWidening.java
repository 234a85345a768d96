package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Permissions widened, compared by meaning rather than by text: for each Allow statement of the new policy, each of
 * its actions must be admitted, on all its resources, for all its principals, by one Allow statement of the old
 * policy with no condition or the same condition. Wildcards ({@code *}, {@code s3:*}, {@code iam:Pass*}),
 * {@code NotAction}/{@code NotResource}/{@code NotPrincipal} and strings or lists are read. Deny statements are not
 * subtracted from what is allowed (conservative: a new Allow is flagged even if a Deny would cover it); a Deny that
 * the new policy drops or narrows is itself a widening (the bucket's TLS-only statement). Also: a trust policy that
 * admits a new principal, a managed policy attached, and a server or launch template given another instance profile.
 */
final class IamWidening implements RiskRule {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Properties that hold a policy document, by type. */
    private static final Map<String, List<String>> DOCUMENTS = Map.of(
            "aws:iam/role:Role", List.of("assumeRolePolicy"),
            "aws:iam/rolePolicy:RolePolicy", List.of("policy"),
            "aws:iam/policy:Policy", List.of("policy"),
            "aws:iam/userPolicy:UserPolicy", List.of("policy"),
            "aws:iam/groupPolicy:GroupPolicy", List.of("policy"),
            "aws:s3/bucketPolicy:BucketPolicy", List.of("policy"),
            "aws:kms/key:Key", List.of("policy"),
            "aws:sns/topicPolicy:TopicPolicy", List.of("policy"),
            "aws:secretsmanager/secretPolicy:SecretPolicy", List.of("policy"));
    private static final Set<String> ATTACHMENTS = Set.of("aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/policyAttachment:PolicyAttachment", "aws:iam/userPolicyAttachment:UserPolicyAttachment",
            "aws:iam/groupPolicyAttachment:GroupPolicyAttachment");
    /** AWS-managed policies that hand over (nearly) everything. */
    private static final Set<String> BROAD = Set.of("AdministratorAccess", "PowerUserAccess", "IAMFullAccess");

    /** A set of strings given by glob patterns, or everything but them ({@code NotAction}). */
    record Patterns(boolean negated, List<String> patterns, boolean caseInsensitive) {
        static Patterns of(JsonNode statement, String field, boolean caseInsensitive) {
            JsonNode positive = statement.get(field);
            JsonNode negative = statement.get("Not" + field);
            if (positive == null && negative == null) {
                // An identity policy has no principal: "any" on both sides, equal.
                return new Patterns(false, List.of("*"), caseInsensitive);
            }
            return new Patterns(positive == null, strings(positive == null ? negative : positive), caseInsensitive);
        }

        boolean covers(Patterns narrower) {
            if (!negated && !narrower.negated) {
                return narrower.patterns.stream().allMatch(q -> patterns.stream().anyMatch(p -> globCovers(p, q)));
            }
            if (!negated) {
                // Everything but a few is only inside "everything".
                return patterns.stream().anyMatch(p -> p.equals("*"));
            }
            if (!narrower.negated) {
                // Inside "everything but X" when no pattern could meet X.
                return narrower.patterns.stream().noneMatch(q -> patterns.stream()
                        .anyMatch(x -> globCovers(x, q) || globCovers(q, x)));
            }
            // Everything but X contains everything but Y when X is inside Y.
            return patterns.stream().allMatch(x -> narrower.patterns.stream().anyMatch(y -> globCovers(y, x)));
        }

        private boolean globCovers(String wide, String narrow) {
            String a = caseInsensitive ? wide.toLowerCase(Locale.ROOT) : wide;
            String b = caseInsensitive ? narrow.toLowerCase(Locale.ROOT) : narrow;
            // The narrow pattern is read literally: a wildcard in it is covered only by a wildcard in the wide one.
            return b.matches(globToRegex(a));
        }

        String describe() {
            return (negated ? "all but " : "") + String.join(", ", patterns);
        }
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }

    /** One statement, with its principals flattened to {@code AWS:arn}, {@code Service:name} or {@code *}. */
    record Statement(String effect, Patterns actions, Patterns resources, Patterns principals, JsonNode condition) {
        static Statement of(JsonNode s) {
            return new Statement(s.path("Effect").asText("Allow"), Patterns.of(s, "Action", true),
                    Patterns.of(s, "Resource", false), principals(s), s.get("Condition"));
        }

        private static Patterns principals(JsonNode s) {
            if (s.has("NotPrincipal")) {
                return new Patterns(false, List.of("*"), false);
            }
            JsonNode p = s.get("Principal");
            if (p == null) {
                return new Patterns(false, List.of("-"), false);
            }
            if (p.isTextual()) {
                return new Patterns(false, List.of(p.asText().equals("*") ? "*" : "AWS:" + p.asText()), false);
            }
            List<String> all = new ArrayList<>();
            p.fields().forEachRemaining(e -> strings(e.getValue()).forEach(v ->
                    all.add(v.equals("*") && e.getKey().equals("AWS") ? "*" : e.getKey() + ":" + v)));
            return new Patterns(false, all, false);
        }

        /** This statement admits the other's actions on its resources for its principals, under no more conditions. */
        boolean covers(Statement other) {
            return effect.equals(other.effect) && actions.covers(other.actions) && resources.covers(other.resources)
                    && principals.covers(other.principals)
                    && (condition == null || condition.equals(other.condition));
        }

        /** The statement cut to one action, so that two old statements can together admit one new one. */
        List<Statement> perAction() {
            if (actions.negated) {
                return List.of(this);
            }
            return actions.patterns.stream().map(a -> new Statement(effect, new Patterns(false, List.of(a), true),
                    resources, principals, condition)).toList();
        }

        String describe() {
            return effect + " " + actions.describe() + " on " + resources.describe()
                    + (principals.patterns.equals(List.of("-")) ? "" : " to " + principals.describe())
                    + (condition == null ? "" : " under a condition");
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    static List<Statement> statements(JsonNode entry, String property) {
        if (entry == null) {
            return List.of();
        }
        JsonNode value = entry.path("inputs").path(property);
        JsonNode document;
        try {
            document = value.isTextual() ? JSON.readTree(value.asText()) : value;
        } catch (IOException e) {
            // PlanDiff.parse refuses plans with such a policy; here a policy that cannot be read admits everything.
            return List.of(new Statement("Allow", new Patterns(false, List.of("*"), true),
                    new Patterns(false, List.of("*"), false), new Patterns(false, List.of("*"), false), null));
        }
        if (document == null || document.isMissingNode() || document.isNull()) {
            return List.of();
        }
        JsonNode list = document.path("Statement");
        List<Statement> statements = new ArrayList<>();
        if (list.isObject()) {
            statements.add(Statement.of(list));
        } else {
            list.forEach(s -> statements.add(Statement.of(s)));
        }
        return statements;
    }

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            if (change.kind() == ResourceChange.Kind.REMOVED) {
                continue;
            }
            for (String property : DOCUMENTS.getOrDefault(change.type(), List.of())) {
                risks.addAll(compare(change, property));
            }
            if (change.type().equals("aws:iam/role:Role")) {
                for (String arn : newValues(change, "managedPolicyArns")) {
                    risks.add(attached(change, arn));
                }
            }
            if (ATTACHMENTS.contains(change.type()) && (change.kind() == ResourceChange.Kind.ADDED
                    || !change.before("policyArn").equals(change.after("policyArn")))) {
                risks.add(attached(change, change.after("policyArn").map(JsonNode::asText).orElse("?")));
            }
            risks.addAll(instanceProfile(change, diff));
        }
        return risks;
    }

    private static List<Risk> compare(ResourceChange change, String property) {
        List<Statement> before = statements(change.before(), property);
        List<Statement> after = statements(change.after(), property);
        boolean trust = property.equals("assumeRolePolicy");
        List<Risk> risks = new ArrayList<>();
        for (Statement s : after) {
            if (!s.effect.equals("Allow")) {
                continue;
            }
            boolean covered = s.perAction().stream().allMatch(one -> before.stream().anyMatch(b -> b.covers(one)));
            if (!covered) {
                risks.add(new Risk(Risk.Kind.IAM_WIDENED, change.label(), "`" + property + "` "
                        + (trust ? "trusts more: a principal may now assume the role: " : "allows more than before: ")
                        + "`" + s.describe() + "`" + (s.actions.patterns.contains("*") && !s.actions.negated
                        ? " (every action)" : "")));
            }
        }
        for (Statement d : before) {
            if (d.effect.equals("Deny") && after.stream().noneMatch(a -> a.effect.equals("Deny")
                    && denyCovers(a, d))) {
                risks.add(new Risk(Risk.Kind.IAM_WIDENED, change.label(), "`" + property + "` drops or narrows a "
                        + "Deny: `" + d.describe() + "` no longer applies in full"));
            }
        }
        return risks;
    }

    /** A new Deny keeps an old one when it denies at least as much, under the same or no condition. */
    private static boolean denyCovers(Statement wide, Statement narrow) {
        return wide.actions.covers(narrow.actions) && wide.resources.covers(narrow.resources)
                && wide.principals.covers(narrow.principals)
                && (wide.condition == null || wide.condition.equals(narrow.condition));
    }

    private static Risk attached(ResourceChange change, String arn) {
        String policy = arn.substring(arn.lastIndexOf('/') + 1);
        boolean broad = arn.startsWith("arn:aws:iam::aws:policy/") && BROAD.contains(policy);
        return new Risk(Risk.Kind.IAM_WIDENED, change.label(), "attaches the managed policy `" + arn + "`"
                + (broad ? ": AWS's " + policy + " hands over nearly every permission in the account" : ""));
    }

    private static Set<String> newValues(ResourceChange change, String property) {
        Set<String> before = new TreeSet<>(change.before(property).map(IamWidening::strings).orElse(List.of()));
        Set<String> after = new TreeSet<>(change.after(property).map(IamWidening::strings).orElse(List.of()));
        after.removeAll(before);
        return after;
    }

    /** A server or launch template that runs with another role's permissions. */
    private static List<Risk> instanceProfile(ResourceChange change, PlanDiff diff) {
        String path = switch (change.type()) {
            case "aws:ec2/instance:Instance" -> "iamInstanceProfile";
            case "aws:ec2/launchTemplate:LaunchTemplate" -> "iamInstanceProfile";
            default -> null;
        };
        if (path == null) {
            return List.of();
        }
        String after = profile(change.after(path).orElse(null));
        String before = change.kind() == ResourceChange.Kind.ADDED ? profiles(diff.beforePlan(), change.type())
                : profile(change.before(path).orElse(null));
        if (after.isEmpty() || before.contains(after) && change.kind() == ResourceChange.Kind.ADDED
                || after.equals(before)) {
            return List.of();
        }
        return List.of(new Risk(Risk.Kind.IAM_WIDENED, change.label(), "runs with another instance profile: `"
                + (before.isEmpty() ? "(none)" : before) + "` → `" + after + "`: the server gets that role's permissions"));
    }

    private static String profile(JsonNode value) {
        if (value == null) {
            return "";
        }
        if (value.isObject()) {
            return value.path("name").asText(value.path("arn").asText(""));
        }
        return value.asText();
    }

    /** The instance profiles every resource of the type used in the old plan (a new server may use the same). */
    private static String profiles(JsonNode plan, String type) {
        StringBuilder all = new StringBuilder();
        for (JsonNode r : plan.path("resources")) {
            if (r.path("type").asText().equals(type)) {
                all.append(profile(r.path("inputs").get("iamInstanceProfile"))).append('\n');
            }
        }
        return all.toString();
    }
}
