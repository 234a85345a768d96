package io.securewebinfra.edge;

import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import io.securewebinfra.iam.PolicyDocuments;

import java.util.List;
import java.util.Map;

import static io.securewebinfra.Components.child;

/**
 * The load balancer's access log bucket: private, encrypted with SSE-S3 (log delivery does not support KMS keys),
 * owned by the bucket owner, TLS-only, writable only by Elastic Load Balancing's log delivery, and expiring logs.
 */
final class AccessLogBucket {
    private final BucketV2 bucket;
    private final BucketPolicy policy;

    AccessLogBucket(String name, String prefix, int retentionDays, boolean forceDestroy, Output<String> accountId,
                    Output<String> elbAccountArn, ComponentResource parent) {
        bucket = new BucketV2(name, BucketV2Args.builder()
                .bucketPrefix(name + "-")
                // Only a stack without deletion protection may be destroyed with its logs.
                .forceDestroy(forceDestroy)
                .build(), child(parent));
        var publicAccess = new BucketPublicAccessBlock(name + "-public-access", BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build(), child(parent));
        new BucketOwnershipControls(name + "-ownership", BucketOwnershipControlsArgs.builder()
                .bucket(bucket.id())
                .rule(BucketOwnershipControlsRuleArgs.builder().objectOwnership("BucketOwnerEnforced").build())
                .build(), child(parent));
        new BucketServerSideEncryptionConfigurationV2(name + "-encryption",
                BucketServerSideEncryptionConfigurationV2Args.builder()
                        .bucket(bucket.id())
                        .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                                .applyServerSideEncryptionByDefault(
                                        BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs
                                                .builder().sseAlgorithm("AES256").build())
                                .build())
                        .build(), child(parent));
        new BucketLifecycleConfigurationV2(name + "-expiry", BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id())
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
                .bucket(bucket.id())
                .policy(Output.tuple(bucket.arn(), accountId, elbAccountArn)
                        .applyValue(t -> policyDocument(t.t1, prefix, t.t2, t.t3)))
                .build(), com.pulumi.resources.CustomResourceOptions.builder().parent(parent)
                // A policy put before the public access block could briefly be judged public.
                .dependsOn(publicAccess)
                .build());
    }

    /**
     * Log delivery writes under {@code <prefix>/AWSLogs/<account>/}. Regions opened before August 2022 deliver as the
     * regional ELB account, newer ones as the log delivery service: both are allowed, nothing else can write, and
     * requests without TLS are denied.
     */
    static String policyDocument(String bucketArn, String prefix, String accountId, String elbAccountArn) {
        String logObjects = bucketArn + "/" + prefix + "/AWSLogs/" + accountId + "/*";
        Map<String, Object> denyInsecure = new java.util.LinkedHashMap<>();
        denyInsecure.put("Sid", "DenyInsecureTransport");
        denyInsecure.put("Effect", "Deny");
        denyInsecure.put("Principal", "*");
        denyInsecure.put("Action", "s3:*");
        denyInsecure.put("Resource", List.of(bucketArn, bucketArn + "/*"));
        denyInsecure.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        return PolicyDocuments.document(List.of(
                PolicyDocuments.statement("s3:PutObject", Map.of("AWS", elbAccountArn), logObjects),
                PolicyDocuments.statement("s3:PutObject",
                        Map.of("Service", "logdelivery.elasticloadbalancing.amazonaws.com"), logObjects),
                denyInsecure));
    }

    Output<String> bucketName() {
        return bucket.bucket();
    }

    BucketPolicy policy() {
        return policy;
    }
}
