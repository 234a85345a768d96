package io.securewebinfra.storage;

import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/**
 * An S3 bucket that can never be public: all public access blocked, ACLs disabled (bucket owner owns every object),
 * encrypted with SSE-S3, which every AWS log delivery service supports.
 */
public final class PrivateBucket {
    private final BucketV2 bucket;
    private final BucketPublicAccessBlock publicAccessBlock;

    /**
     * @param forceDestroy whether {@code pulumi destroy} may delete the bucket with its objects
     */
    public PrivateBucket(String name, boolean forceDestroy, ComponentResource parent) {
        bucket = new BucketV2(name, BucketV2Args.builder()
                .bucketPrefix(name + "-")
                .forceDestroy(forceDestroy)
                .build(), child(parent));
        publicAccessBlock = new BucketPublicAccessBlock(name + "-public-access", BucketPublicAccessBlockArgs.builder()
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
    }

    /** A statement denying every request to the bucket that does not use TLS. */
    public static Map<String, Object> denyInsecureTransport(String bucketArn) {
        Map<String, Object> deny = new LinkedHashMap<>();
        deny.put("Sid", "DenyInsecureTransport");
        deny.put("Effect", "Deny");
        deny.put("Principal", "*");
        deny.put("Action", "s3:*");
        deny.put("Resource", List.of(bucketArn, bucketArn + "/*"));
        deny.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        return deny;
    }

    public BucketV2 bucket() {
        return bucket;
    }

    public Output<String> name() {
        return bucket.bucket();
    }

    public Output<String> arn() {
        return bucket.arn();
    }

    /** A bucket policy must wait for the block, or AWS may judge it public for a moment and refuse it. */
    public BucketPublicAccessBlock publicAccessBlock() {
        return publicAccessBlock;
    }
}
