package io.securewebinfra.review;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The review fails closed: a resource of a type that neither the diff's rules nor the policy pack were written for is
 * a risk until a person has looked at it. Such a type can open a path no rule models (a network ACL, a VPC peering, an
 * Elastic IP on a server, a snapshot shared with every account, a Lambda permission for anyone), so an empty risk list
 * must not be read as "checked". The known types are those the program declares (a test keeps the list complete) and
 * those the pack's rules read; a new type joins the list when a rule for it is written.
 */
final class UnreviewedResources implements RiskRule {
    static final Set<String> KNOWN_TYPES = load();

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            if (change.kind() == ResourceChange.Kind.REMOVED || KNOWN_TYPES.contains(change.type())) {
                continue;
            }
            risks.add(new Risk(Risk.Kind.NOT_REVIEWED, change.label(), "a resource of type `" + change.type()
                    + "`, which no rule of the review or the policy pack reads: review it by hand ("
                    + (change.kind() == ResourceChange.Kind.ADDED ? "added" : "changed") + ")"));
        }
        return risks;
    }

    /** One type token a line in {@code review/known-types.txt}; {@code #} starts a comment. */
    private static Set<String> load() {
        try (InputStream in = UnreviewedResources.class.getResourceAsStream("known-types.txt")) {
            if (in == null) {
                throw new IllegalStateException("review/known-types.txt is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
