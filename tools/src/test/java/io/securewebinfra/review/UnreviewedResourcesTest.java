package io.securewebinfra.review;

import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review fails closed on resource types no rule reads, so the list of known types must hold every type the program
 * declares: otherwise an ordinary change would be flagged as "not reviewed" and reviewers would learn to ignore it.
 */
class UnreviewedResourcesTest {

    @Test
    void everyTypeTheProgramDeclaresIsKnownToTheReview() {
        Map<String, String> everything = TestStacks.everyOption();
        Set<String> unknown = new TreeSet<>();
        for (Plan plan : List.of(TestStacks.plan("dev", everything), TestStacks.plan("prod", everything),
                TestStacks.plan("dev", TestStacks.autoscaling(everything)),
                TestStacks.plan("prod", TestStacks.autoscaling(everything)))) {
            plan.resources().stream().map(Plan.Resource::type)
                    .filter(type -> !UnreviewedResources.KNOWN_TYPES.contains(type))
                    .forEach(unknown::add);
        }
        assertEquals(Set.of(), unknown, "add these to tools/src/main/resources/io/securewebinfra/review/known-types.txt");
    }

    @Test
    void anAddedResourceOfAnUnknownTypeIsARiskAndAKnownOneIsNot() {
        var before = PlanEdits.plan("dev");
        var unknown = PlanEdits.edit(PlanEdits.add(before, "network-igw", "network-peering", in -> { }),
                "network-peering", r -> r.put("type", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"));
        List<Risk> risks = new UnreviewedResources().check(PlanDiff.between(before, unknown));
        assertEquals(1, risks.size(), risks.toString());
        assertEquals(Risk.Kind.NOT_REVIEWED, risks.get(0).kind());
        assertTrue(risks.get(0).message().contains("aws:ec2/vpcPeeringConnection:VpcPeeringConnection"));
        var known = PlanEdits.add(before, "monitoring-db-cpu", "monitoring-db-cpu-2", in -> { });
        assertEquals(List.of(), new UnreviewedResources().check(PlanDiff.between(before, known)));
    }
}
