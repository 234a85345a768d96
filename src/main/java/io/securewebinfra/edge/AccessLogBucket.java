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

import java.util.List;
import java.util.Map;

import static io.securewebinfra.Components.child;

/**
 * The load balancer's access log bucket: a {@link PrivateBucket} (SSE-S3: ALB log delivery does not support KMS keys),
 * TLS-only, writable only by Elastic Load Balancing's log delivery, with logs expiring.
 */
final class AccessLogBucket {
    private final PrivateBucket bucket;
    private final BucketPolicy policy;

    AccessLogBucket(String name, String prefix, int retentionDays, boolean forceDestroy, Output<String> accountId,
                    Output<String> elbAccountArn, ComponentResource parent) {
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
                .policy(Output.tuple(bucket.arn(), accountId, elbAccountArn)
                        .applyValue(t -> policyDocument(t.t1, prefix, t.t2, t.t3)))
                .build(), com.pulumi.resources.CustomResourceOptions.builder().parent(parent)
                // A policy put before the public access block could briefly be judged public.
                .dependsOn(bucket.publicAccessBlock())
                .build());
    }

    /**
     * Log delivery writes under {@code <prefix>/AWSLogs/<account>/}. Regions opened before August 2022 deliver as the
     * regional ELB account, newer ones as the log delivery service: both are allowed, nothing else can write, and
     * requests without TLS are denied.
     */
    static String policyDocument(String bucketArn, String prefix, String accountId, String elbAccountArn) {
        String logObjects = bucketArn + "/" + prefix + "/AWSLogs/" + accountId + "/*";
        return PolicyDocuments.document(List.of(
                PolicyDocuments.statement("s3:PutObject", Map.of("AWS", elbAccountArn), logObjects),
                PolicyDocuments.statement("s3:PutObject",
                        Map.of("Service", "logdelivery.elasticloadbalancing.amazonaws.com"), logObjects),
                PrivateBucket.denyInsecureTransport(bucketArn)));
    }

    Output<String> bucketName() {
        return bucket.name();
    }

    BucketPolicy policy() {
        return policy;
    }
}
