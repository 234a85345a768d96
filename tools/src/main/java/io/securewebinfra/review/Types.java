package io.securewebinfra.review;

import java.util.Map;

/** Names a reviewer reads instead of Pulumi type tokens. */
final class Types {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("aws:rds/instance:Instance", "the database instance"),
            Map.entry("aws:rds/cluster:Cluster", "the database cluster"),
            Map.entry("aws:s3/bucketV2:BucketV2", "the S3 bucket"),
            Map.entry("aws:s3/bucket:Bucket", "the S3 bucket"),
            Map.entry("aws:secretsmanager/secret:Secret", "the secret"),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", "the log group"),
            Map.entry("aws:dynamodb/table:Table", "the DynamoDB table"),
            Map.entry("aws:efs/fileSystem:FileSystem", "the file system"),
            Map.entry("aws:ebs/volume:Volume", "the EBS volume"),
            Map.entry("aws:ec2/instance:Instance", "the server"),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", "the launch template"),
            Map.entry("aws:lb/loadBalancer:LoadBalancer", "the load balancer"),
            Map.entry("aws:ec2/flowLog:FlowLog", "the VPC flow log"),
            Map.entry("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "the bucket's public access block"),
            Map.entry("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                    "the bucket's default encryption"));

    private Types() {
    }

    static String describe(String type) {
        return NAMES.getOrDefault(type, "the " + type + " resource");
    }
}
