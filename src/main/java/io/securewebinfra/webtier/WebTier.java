package io.securewebinfra.webtier;

import com.pulumi.aws.ec2.Instance;
import com.pulumi.aws.ec2.InstanceArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.inputs.InstanceMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.InstanceRootBlockDeviceArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.lb.TargetGroupAttachment;
import com.pulumi.aws.lb.TargetGroupAttachmentArgs;
import com.pulumi.aws.ssm.SsmFunctions;
import com.pulumi.aws.ssm.inputs.GetParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.securewebinfra.Components;
import io.securewebinfra.config.Settings;
import io.securewebinfra.database.Database;
import io.securewebinfra.iam.PolicyDocuments;
import io.securewebinfra.monitoring.MonitoringAgents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.securewebinfra.Components.child;

/**
 * The web servers: identical, stateless EC2 instances in the private app subnets, spread round-robin over the AZs,
 * each running Nginx (TLS for the load balancer), the application server and the monitoring agents. Hardened by
 * default: IMDSv2 only, encrypted gp3 root volume, no public address, no key pair (SSM Session Manager instead of
 * SSH), and a role that can read only this stack's own parameters and secret.
 */
public final class WebTier extends ComponentResource {
    private static final String AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";

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

    private final List<Instance> servers = new ArrayList<>();

    public WebTier(String name, Settings settings, List<Subnet> appSubnets, Output<String> securityGroupId,
                   Output<String> targetGroupArn, Output<String> databaseSecretArn,
                   Output<List<String>> parameterArns, ComponentResourceOptions options) {
        super(Components.type("webtier", "WebTier"), name, options);
        Settings.WebTier web = settings.webTier();
        String partition = Components.partition(settings.region());

        var role = new Role(name + "-role", RoleArgs.builder()
                .description("Web servers of " + settings.project() + "-" + settings.stack()
                        + ": SSM Session Manager, CloudWatch agent, this stack's parameters and secret")
                .assumeRolePolicy(PolicyDocuments.assumableBy("ec2.amazonaws.com"))
                .build(), child(this));
        new RolePolicyAttachment(name + "-CloudWatchAgentServerPolicy", RolePolicyAttachmentArgs.builder()
                .role(role.name())
                .policyArn("arn:" + partition + ":iam::aws:policy/CloudWatchAgentServerPolicy")
                .build(), child(this));
        // Session Manager's own minimum instead of AmazonSSMManagedInstanceCore, which would also let the servers
        // read every SSM parameter of the account.
        new RolePolicy(name + "-session-manager", RolePolicyArgs.builder()
                .role(role.id())
                .policy(PolicyDocuments.allow(SESSION_MANAGER_ACTIONS, List.of("*")))
                .build(), child(this));
        Optional<ApplicationRelease> release = web.application()
                .map(app -> new ApplicationRelease(name + "-releases", app, this));
        Output<List<String>> releaseObjects = release.map(r -> r.objectArn().applyValue(List::of))
                .orElse(Output.of(List.of()));
        new RolePolicy(name + "-read-own-config", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(parameterArns, databaseSecretArn, releaseObjects).applyValue(t -> {
                    List<Map<String, Object>> statements = new ArrayList<>(List.of(
                            PolicyDocuments.statement("ssm:GetParameter", null, t.t1),
                            PolicyDocuments.statement("secretsmanager:GetSecretValue", null, t.t2)));
                    if (!t.t3.isEmpty()) {
                        statements.add(PolicyDocuments.statement("s3:GetObject", null, t.t3));
                    }
                    return PolicyDocuments.document(statements);
                }))
                .build(), child(this));
        var profile = new InstanceProfile(name + "-profile", InstanceProfileArgs.builder()
                .role(role.name())
                .build(), child(this));

        Output<String> ami = web.amiId().map(Output::of).orElseGet(() -> SsmFunctions.getParameter(
                GetParameterArgs.builder().name(AMI_PARAMETER + (web.isArm64() ? "arm64" : "x86_64")).build(),
                Components.invoke(this)).applyValue(p -> p.value()));
        // A newly published AMI must not replace running servers behind the user's back; a pinned amiId does.
        var serverOptions = CustomResourceOptions.builder().parent(this);
        if (web.amiId().isEmpty()) {
            serverOptions.ignoreChanges("ami");
        }

        for (int index = 1; index <= web.serverCount(); index++) {
            Subnet subnet = appSubnets.get((index - 1) % appSubnets.size());
            String serverName = name + "-" + index;
            int serverIndex = index;
            Output<Optional<ApplicationArtifact>> artifact = release
                    .map(r -> r.s3Uri().applyValue(uri -> Optional.of(
                            new ApplicationArtifact(uri, r.sha256(), r.startCommand()))))
                    .orElse(Output.of(Optional.empty()));
            Output<String> userData = artifact.applyValue(app -> Bootstrap.userData(new BootstrapParameters(
                    settings.project(), settings.stack(), settings.region(), serverIndex,
                    Settings.WebTier.HTTPS_PORT, web.appPort(),
                    Database.secretName(settings),
                    MonitoringAgents.cloudWatchParameterName(settings),
                    settings.monitoring().sumoLogicToken().map(t -> MonitoringAgents.sumoLogicParameterName(settings)),
                    app)));
            var server = new Instance(serverName, InstanceArgs.builder()
                    .ami(ami)
                    .instanceType(web.instanceType())
                    .subnetId(subnet.id())
                    .vpcSecurityGroupIds(securityGroupId.applyValue(List::of))
                    .associatePublicIpAddress(false)
                    .iamInstanceProfile(profile.name())
                    .monitoring(true)
                    .metadataOptions(InstanceMetadataOptionsArgs.builder()
                            .httpEndpoint("enabled")
                            .httpTokens("required")
                            .httpPutResponseHopLimit(1)
                            .instanceMetadataTags("disabled")
                            .build())
                    .rootBlockDevice(InstanceRootBlockDeviceArgs.builder()
                            .volumeType("gp3")
                            .volumeSize(web.rootVolumeSizeGb())
                            .encrypted(true)
                            .deleteOnTermination(true)
                            .build())
                    .userData(userData)
                    // Servers are stateless: a new bootstrap gives a new server rather than drifting an old one.
                    .userDataReplaceOnChange(true)
                    .tags(Map.of("Name", serverName, "Role", "web"))
                    .volumeTags(Map.of("Name", serverName + "-root"))
                    .build(), serverOptions.build());
            servers.add(server);
            new TargetGroupAttachment(serverName + "-target", TargetGroupAttachmentArgs.builder()
                    .targetGroupArn(targetGroupArn)
                    .targetId(server.id())
                    .port(Settings.WebTier.HTTPS_PORT)
                    .build(), child(this));
        }
        registerOutputs(Map.of("instanceIds", instanceIds()));
    }


    public Output<List<String>> instanceIds() {
        return Output.all(servers.stream().map(Instance::id).toList());
    }

    public List<Instance> servers() {
        return List.copyOf(servers);
    }
}
