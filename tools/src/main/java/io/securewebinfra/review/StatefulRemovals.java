package io.securewebinfra.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A resource that holds data deleted, or removed and added again under another name or component. Pulumi matches
 * resources by name, type and parent, so a rename deletes the old one and creates an empty one unless the new
 * declaration keeps an alias to the old name.
 */
final class StatefulRemovals implements RiskRule {
    /** Resource types whose deletion loses data that a new resource does not bring back. */
    static final Set<String> STATEFUL = Set.of(
            "aws:rds/instance:Instance",
            "aws:rds/cluster:Cluster",
            "aws:s3/bucketV2:BucketV2",
            "aws:s3/bucket:Bucket",
            "aws:secretsmanager/secret:Secret",
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:dynamodb/table:Table",
            "aws:efs/fileSystem:FileSystem",
            "aws:ebs/volume:Volume");

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange removed : diff.of(ResourceChange.Kind.REMOVED)) {
            if (!STATEFUL.contains(removed.type())) {
                continue;
            }
            List<String> successors = diff.of(ResourceChange.Kind.ADDED).stream()
                    .filter(added -> added.type().equals(removed.type()))
                    .map(ResourceChange::label)
                    .toList();
            String what = Types.describe(removed.type());
            String message = successors.isEmpty()
                    ? what + " is deleted, and its data with it"
                    : what + " is removed while " + String.join(", ", successors) + " is added: if this is a rename "
                    + "or a move, Pulumi deletes the old one and creates an empty one, losing its data, unless the "
                    + "new declaration keeps an alias to " + removed.name();
            if (removed.protectedBefore()) {
                message += " (it is protected, so `pulumi up` will refuse until protection is lifted)";
            }
            risks.add(new Risk(Risk.Kind.DATA_LOSS, removed.label(), message));
        }
        return risks;
    }
}
