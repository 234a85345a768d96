package io.securewebinfra.webtier;

import com.pulumi.asset.FileAsset;
import com.pulumi.aws.s3.BucketObjectv2;
import com.pulumi.aws.s3.BucketObjectv2Args;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import io.securewebinfra.config.Settings;
import io.securewebinfra.iam.PolicyDocuments;
import io.securewebinfra.storage.PrivateBucket;

import java.util.List;

import static io.securewebinfra.common.Components.child;

/**
 * The user's application archive, uploaded from this machine to a private bucket under a key made of its SHA-256:
 * a new version is a new object, so user data changes with it and the servers are replaced with the new release.
 */
final class ApplicationRelease {
    private final PrivateBucket bucket;
    private final BucketObjectv2 object;
    private final Settings.Application application;

    ApplicationRelease(String name, Settings.Application application, ComponentResource parent) {
        this.application = application;
        bucket = new PrivateBucket(name, true, parent);
        new BucketVersioningV2(name + "-versioning", BucketVersioningV2Args.builder()
                .bucket(bucket.bucket().id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder()
                        .status("Enabled").build())
                .build(), child(parent));
        new BucketPolicy(name + "-policy", BucketPolicyArgs.builder()
                .bucket(bucket.bucket().id())
                .policy(bucket.arn().applyValue(arn -> PolicyDocuments.document(
                        List.of(PrivateBucket.denyInsecureTransport(arn)))))
                .build(), CustomResourceOptions.builder().parent(parent)
                .dependsOn(bucket.publicAccessBlock())
                .build());
        object = new BucketObjectv2(name + "-archive", BucketObjectv2Args.builder()
                .bucket(bucket.bucket().id())
                .key(key())
                .source(new FileAsset(application.archive().toString()))
                .contentType("application/gzip")
                .serverSideEncryption("AES256")
                .build(), child(parent));
    }

    private String key() {
        return "releases/" + application.sha256() + ".tar.gz";
    }

    Output<String> s3Uri() {
        return Output.tuple(bucket.name(), object.key()).applyValue(t -> "s3://" + t.t1 + "/" + t.t2);
    }

    Output<String> objectArn() {
        return bucket.arn().applyValue(arn -> arn + "/" + key());
    }

    /** The archive object, which must exist before a server downloads it. */
    BucketObjectv2 archive() {
        return object;
    }

    String sha256() {
        return application.sha256();
    }

    String startCommand() {
        return application.startCommand();
    }
}
