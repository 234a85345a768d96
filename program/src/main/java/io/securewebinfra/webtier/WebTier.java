package io.securewebinfra.webtier;

import com.pulumi.aws.ec2.Instance;
import com.pulumi.aws.lb.TargetGroupAttachment;
import com.pulumi.aws.lb.TargetGroupAttachmentArgs;
import com.pulumi.aws.ssm.SsmFunctions;
import com.pulumi.aws.ssm.inputs.GetParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.securewebinfra.common.Components.child;

/**
 * The web servers: identical, stateless EC2 instances in the private app subnets, each running Nginx (TLS for the
 * load balancer), the application server and the monitoring agents. Either a fixed number of instances spread
 * round-robin over the AZs ({@code webTierMode: fixed}), or an Auto Scaling group sized by the load
 * ({@code autoscaling}); both are built from one {@link ServerTemplate}. Hardened by default: IMDSv2 only, encrypted
 * gp3 root volume, no public address, no key pair (SSM Session Manager instead of SSH), and a role that can read only
 * this stack's own parameters and secret.
 */
public final class WebTier extends ComponentResource {
    private static final String AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";

    private final List<Instance> servers = new ArrayList<>();
    private final Optional<ServerGroup> group;

    /**
     * Where the servers' traffic comes from: the load balancer's target group, and the names CloudWatch gives the
     * load balancer and the target group in its metrics (a group scales on their request count).
     */
    public record Traffic(Output<String> targetGroupArn, Output<String> loadBalancerArnSuffix,
                          Output<String> targetGroupArnSuffix) {
    }

    /**
     * What the web tier is made of and where it goes.
     *
     * @param project         the project, whose name the servers' metrics and tags carry
     * @param stack           the stack, likewise
     * @param region          the region, which a server's bootstrap and its role's ARNs name
     * @param servers         the servers: how many or how scaled, their type, image, disk and application
     * @param subnetIds       the private app subnets, one per AZ; fixed servers go round-robin over them
     * @param securityGroupId the web servers' firewall
     * @param traffic         the load balancer's side
     * @param reads           what a server reads at boot, which must exist before it boots
     */
    public record Args(String project, String stack, String region, Settings.WebTier servers,
                       List<Output<String>> subnetIds, Output<String> securityGroupId, Traffic traffic,
                       BootInputs reads) {
        public Args {
            subnetIds = List.copyOf(subnetIds);
            if (subnetIds.isEmpty()) {
                throw new IllegalArgumentException("the web tier needs at least one subnet");
            }
        }
    }

    public WebTier(String name, Args args, ComponentResourceOptions options) {
        super(Components.type("webtier", "WebTier"), name, options);
        Settings.WebTier web = args.servers();
        BootInputs reads = args.reads();

        Optional<ApplicationRelease> release = web.application()
                .map(app -> new ApplicationRelease(name + "-releases", app, this));
        Output<List<String>> releaseObjects = release.map(r -> r.objectArn().applyValue(List::of))
                .orElse(Output.of(List.of()));
        var role = ServerRole.declare(name, args, releaseObjects, this);
        // What a server reads at boot, and the grants that let it, exist before any server boots.
        List<Resource> bootDependencies = new ArrayList<>(reads.providers());
        bootDependencies.addAll(role.grants());
        release.ifPresent(r -> bootDependencies.add(r.archive()));

        Output<String> ami = web.amiId().map(Output::of).orElseGet(() -> SsmFunctions.getParameter(
                GetParameterArgs.builder().name(AMI_PARAMETER + (web.isArm64() ? "arm64" : "x86_64")).build(),
                Components.invoke(this)).applyValue(p -> p.value()));
        Output<Optional<ApplicationArtifact>> artifact = release
                .map(r -> r.s3Uri().applyValue(uri -> Optional.of(
                        new ApplicationArtifact(uri, r.sha256(), r.startCommand()))))
                .orElse(Output.of(Optional.empty()));
        var template = new ServerTemplate(ami, web.amiId().isPresent(), web.instanceType(), web.rootVolumeSizeGb(),
                args.securityGroupId(), role.profile().name(), bootDependencies,
                index -> artifact.applyValue(app -> Bootstrap.userData(bootstrapParameters(args, index, app))));

        group = web.scaling().map(scaling -> new ServerGroup(name, scaling, template,
                Components.stackTags(args.project(), args.stack()), args.subnetIds(), args.traffic(), this));
        if (group.isEmpty()) {
            for (int index = 1; index <= web.serverCount(); index++) {
                Output<String> subnetId = args.subnetIds().get((index - 1) % args.subnetIds().size());
                String serverName = name + "-" + index;
                var server = new Instance(serverName, template.instance(serverName, subnetId, index),
                        template.options(this, "ami"));
                servers.add(server);
                new TargetGroupAttachment(serverName + "-target", TargetGroupAttachmentArgs.builder()
                        .targetGroupArn(args.traffic().targetGroupArn())
                        .targetId(server.id())
                        .port(Settings.WebTier.HTTPS_PORT)
                        .build(), child(this));
            }
        }
        registerOutputs(group.<Map<String, Output<?>>>map(g -> Map.of("groupName", g.name()))
                .orElseGet(() -> Map.of("instanceIds", instanceIds())));
    }

    /** What a server's bootstrap is rendered with: names only, never a secret. */
    static BootstrapParameters bootstrapParameters(Args args, int serverIndex,
                                                   Optional<ApplicationArtifact> application) {
        BootInputs reads = args.reads();
        return new BootstrapParameters(args.project(), args.stack(), args.region(), serverIndex,
                Settings.WebTier.HTTPS_PORT, args.servers().appPort(),
                reads.databaseSecret().name(),
                reads.cloudWatchAgentConfig().name(),
                reads.sumoLogicToken().map(BootRead::name),
                application);
    }

    /** The fixed servers' instance ids; empty with an Auto Scaling group. */
    public Output<List<String>> instanceIds() {
        return Output.all(servers.stream().map(Instance::id).toList());
    }

    /** The fixed servers; none with an Auto Scaling group. */
    public List<Instance> servers() {
        return List.copyOf(servers);
    }

    /** The Auto Scaling group's name, in {@code autoscaling} mode. */
    public Optional<Output<String>> groupName() {
        return group.map(ServerGroup::name);
    }
}
