package io.securewebinfra.review;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change to a property that the AWS provider cannot apply in place, on a resource that runs or holds data: the
 * provider deletes and re-creates it (a new server, an empty database), or stops and restarts it. Properties the
 * new plan declares in {@code ignoreChanges} are not applied and so do not count.
 */
final class Replacements implements RiskRule {
    /** Properties whose change replaces the resource, per type (the provider's "forces replacement" list). */
    private static final Map<String, Set<String>> REPLACING = Map.of(
            "aws:ec2/instance:Instance", Set.of("ami", "availabilityZone", "subnetId", "privateIp", "keyName",
                    "associatePublicIpAddress", "ebsBlockDevices", "networkInterfaces", "placementGroup",
                    "cpuOptions", "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId"),
            "aws:rds/instance:Instance", Set.of("identifier", "identifierPrefix", "engine", "dbName", "username",
                    "storageEncrypted", "kmsKeyId", "availabilityZone", "characterSetName", "timezone",
                    "snapshotIdentifier"),
            "aws:s3/bucketV2:BucketV2", Set.of("bucket", "bucketPrefix"),
            "aws:s3/bucket:Bucket", Set.of("bucket", "bucketPrefix"),
            "aws:secretsmanager/secret:Secret", Set.of("name", "namePrefix"),
            "aws:cloudwatch/logGroup:LogGroup", Set.of("name", "namePrefix"),
            "aws:lb/loadBalancer:LoadBalancer", Set.of("name", "namePrefix", "internal", "loadBalancerType"));

    /** Properties whose change stops and restarts a running server. */
    private static final Set<String> RESTARTING = Set.of("instanceType", "userData", "userDataBase64");

    /** Launch template properties that, through the group's instance refresh, replace every server. */
    private static final Set<String> ROLLING = Set.of("imageId", "instanceType", "userData", "blockDeviceMappings",
            "networkInterfaces", "metadataOptions", "iamInstanceProfile", "vpcSecurityGroupIds", "keyName");

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.of(ResourceChange.Kind.CHANGED)) {
            Set<String> changed = applied(change);
            String what = Types.describe(change.type());
            Set<String> replacing = matching(changed, REPLACING.getOrDefault(change.type(), Set.of()));
            if (change.type().equals("aws:ec2/instance:Instance")) {
                Set<String> restarting = matching(changed, RESTARTING);
                if (change.after("userDataReplaceOnChange").map(v -> v.asBoolean(false)).orElse(false)) {
                    for (String userData : List.of("userData", "userDataBase64")) {
                        if (restarting.remove(userData)) {
                            replacing.add(userData);
                        }
                    }
                }
                if (!restarting.isEmpty()) {
                    risks.add(new Risk(Risk.Kind.RESTART, change.label(), what + " is stopped and restarted "
                            + "to apply " + list(restarting)));
                }
            }
            if (change.type().equals("aws:ec2/launchTemplate:LaunchTemplate")) {
                Set<String> rolling = matching(changed, ROLLING);
                if (!rolling.isEmpty()) {
                    risks.add(new Risk(Risk.Kind.REPLACEMENT, change.label(), "a change to " + list(rolling)
                            + " makes a new launch template version: the instance refresh replaces every server"));
                }
            }
            if (!replacing.isEmpty()) {
                boolean stateful = StatefulRemovals.STATEFUL.contains(change.type());
                // A property set for the first time may equal the value AWS chose on its own: then nothing happens.
                boolean certain = replacing.stream().anyMatch(p -> change.before(p).isPresent());
                risks.add(new Risk(stateful ? Risk.Kind.DATA_LOSS : Risk.Kind.REPLACEMENT, change.label(),
                        what + (certain ? " is replaced (deleted and created again) because " + list(replacing)
                                + (replacing.size() == 1 ? " changes" : " change")
                                : " may be replaced (deleted and created again): " + list(replacing)
                                + (replacing.size() == 1 ? " is" : " are") + " now set, and a value other than "
                                + "the one AWS chose replaces it")
                                + (stateful ? "; the new one starts empty" : "")));
            }
        }
        return risks;
    }

    /** Changed inputs, as top-level names and as full paths, less those Pulumi is told to ignore. */
    private static Set<String> applied(ResourceChange change) {
        List<String> ignored = change.ignoredChanges();
        Set<String> changed = new LinkedHashSet<>();
        for (PropertyChange p : change.properties()) {
            if (p.path().startsWith("(option)") || ignored.contains(p.property())) {
                continue;
            }
            changed.add(p.property());
            changed.add(p.path());
        }
        return changed;
    }

    private static Set<String> matching(Set<String> changed, Set<String> listed) {
        Set<String> found = new java.util.TreeSet<>();
        for (String name : changed) {
            if (listed.contains(name)) {
                found.add(name);
            }
        }
        return found;
    }

    private static String list(Set<String> properties) {
        return properties.stream().map(p -> "`" + p + "`").reduce((a, b) -> a + ", " + b).orElse("");
    }
}
