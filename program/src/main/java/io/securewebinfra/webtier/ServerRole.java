package io.securewebinfra.webtier;

import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.Resource;
import io.securewebinfra.common.Components;
import io.securewebinfra.iam.PolicyDocuments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/**
 * The web servers' IAM role and instance profile: Session Manager, the CloudWatch agent, and read access to this
 * stack's own parameters, database secret and application release, nothing more.
 */
record ServerRole(InstanceProfile profile, List<Resource> grants) {
    /**
     * What the SSM agent needs for Session Manager, as AWS documents for a custom instance profile. These actions
     * cannot be limited to a resource; none of them reads data.
     */
    static final List<String> SESSION_MANAGER_ACTIONS = List.of(
            "ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel");

    /**
     * @param args           the web tier; its reads are what the role may read, and nothing else
     * @param releaseObjects the ARNs of the application release the servers may download (none for the bundled one)
     * @return the instance profile every server is launched with, and the policies and attachments that grant the
     *         role its permissions: a server needs them in place before it boots, not only the profile
     */
    static ServerRole declare(String name, WebTier.Args args, Output<List<String>> releaseObjects,
                              ComponentResource parent) {
        BootInputs reads = args.reads();
        var role = new Role(name + "-role", RoleArgs.builder()
                .description("Web servers of " + args.project() + "-" + args.stack()
                        + ": SSM Session Manager, CloudWatch agent, this stack's parameters and secret")
                .assumeRolePolicy(PolicyDocuments.assumableBy("ec2.amazonaws.com"))
                .build(), child(parent));
        var agentPolicy = new RolePolicyAttachment(name + "-CloudWatchAgentServerPolicy", RolePolicyAttachmentArgs.builder()
                .role(role.name())
                .policyArn("arn:" + Components.partition(args.region()) + ":iam::aws:policy/CloudWatchAgentServerPolicy")
                .build(), child(parent));
        // Session Manager's own minimum instead of AmazonSSMManagedInstanceCore, which would also let the servers
        // read every SSM parameter of the account.
        var sessionManager = new RolePolicy(name + "-session-manager", RolePolicyArgs.builder()
                .role(role.id())
                .policy(PolicyDocuments.allow(SESSION_MANAGER_ACTIONS, List.of("*")))
                .build(), child(parent));
        var readOwnConfig = new RolePolicy(name + "-read-own-config", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(reads.parameterArns(), reads.databaseSecret().arn(), releaseObjects).applyValue(t -> {
                    List<Map<String, Object>> statements = new ArrayList<>(List.of(
                            PolicyDocuments.statement("ssm:GetParameter", null, t.t1),
                            PolicyDocuments.statement("secretsmanager:GetSecretValue", null, t.t2)));
                    if (!t.t3.isEmpty()) {
                        statements.add(PolicyDocuments.statement("s3:GetObject", null, t.t3));
                    }
                    return PolicyDocuments.document(statements);
                }))
                .build(), child(parent));
        var profile = new InstanceProfile(name + "-profile", InstanceProfileArgs.builder()
                .role(role.name())
                .build(), child(parent));
        return new ServerRole(profile, List.of(agentPolicy, sessionManager, readOwnConfig));
    }
}
