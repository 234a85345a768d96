package io.securewebinfra.edge;

import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import io.securewebinfra.iam.PolicyDocuments;
import io.securewebinfra.storage.PrivateBucket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.securewebinfra.common.Components.child;

/**
 * The load balancer's access log bucket: a {@link PrivateBucket} (SSE-S3: ALB log delivery does not support KMS keys),
 * TLS-only, writable only by Elastic Load Balancing's log delivery, with logs expiring.
 */
final class AccessLogBucket {
    private final PrivateBucket bucket;
    private final BucketPolicy policy;

    AccessLogBucket(String name, String prefix, int retentionDays, boolean forceDestroy, Output<String> accountId,
                    Optional<Output<String>> elbAccountArn, ComponentResource parent) {
        bucket = new PrivateBucket(name, forceDestroy, parent);
        new BucketLifecycleConfigurationV2(name + "-expiry", BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.bucket().id())
                .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                        .id("expire-access-logs")
                        .status("Enabled")
                        .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                        .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder().days(retentionDays).build())
                        .abortIncompleteMultipartUpload(
                                BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                        .daysAfterInitiation(1).build())
                        .build())
                .build(), child(parent));
        policy = new BucketPolicy(name + "-policy", BucketPolicyArgs.builder()
                .bucket(bucket.bucket().id())
                .policy(Output.tuple(bucket.arn(), accountId,
                                elbAccountArn.map(arn -> arn.applyValue(Optional::of)).orElse(Output.of(Optional.empty())))
                        .applyValue(t -> policyDocument(t.t1, prefix, t.t2, t.t3)))
                .build(), com.pulumi.resources.CustomResourceOptions.builder().parent(parent)
                // A policy put before the public access block could briefly be judged public.
                .dependsOn(bucket.publicAccessBlock())
                .build());
    }

    /**
     * Log delivery writes under {@code <prefix>/AWSLogs/<account>/}. Regions opened before August 2022 deliver as the
     * regional ELB account (when there is one, it is allowed), newer ones as the log delivery service (always
     * allowed); nothing else can write, and requests without TLS are denied.
     */
    static String policyDocument(String bucketArn, String prefix, String accountId, Optional<String> elbAccountArn) {
        String logObjects = bucketArn + "/" + prefix + "/AWSLogs/" + accountId + "/*";
        List<Map<String, Object>> statements = new ArrayList<>();
        elbAccountArn.ifPresent(arn -> statements.add(PolicyDocuments.statement("s3:PutObject", Map.of("AWS", arn),
                logObjects)));
        statements.add(PolicyDocuments.statement("s3:PutObject",
                Map.of("Service", "logdelivery.elasticloadbalancing.amazonaws.com"), logObjects));
        statements.add(PrivateBucket.denyInsecureTransport(bucketArn));
        return PolicyDocuments.document(statements);
    }

    /**
     * The regions that have a regional Elastic Load Balancing account for log delivery: the regions opened before
     * August 2022, exactly those for which the provider's {@code aws:elb/getServiceAccount} has an answer (it fails
     * with "unsupported AWS Region" elsewhere). AWS opens no new region with such an account, so the list is closed.
     * (me-central-1 opened in August 2022 and has none.)
     */
    static final Set<String> REGIONS_WITH_ELB_ACCOUNT = Set.of(
            "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ca-central-1", "cn-north-1", "cn-northwest-1",
            "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1",
            "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2");

    Output<String> bucketName() {
        return bucket.name();
    }

    BucketPolicy policy() {
        return policy;
    }
}
