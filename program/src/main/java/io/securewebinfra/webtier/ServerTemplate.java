package io.securewebinfra.webtier;

import com.pulumi.aws.ec2.InstanceArgs;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.inputs.InstanceMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.InstanceRootBlockDeviceArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingEbsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateIamInstanceProfileArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMonitoringArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateNetworkInterfaceArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * How every web server is built, whether it is a fixed EC2 instance or launched by the Auto Scaling group: the one
 * place that holds the AMI, instance type, IMDSv2 options, encrypted root volume, network exposure, role, firewall,
 * detailed monitoring, bootstrap and tags. {@link #instance} and {@link #launchTemplate} only translate these values
 * into each resource's own property names, so the two kinds of server cannot drift apart.
 */
final class ServerTemplate {
    // IMDSv2 only, one hop: a process in a container on the server cannot reach the metadata service.
    static final String METADATA_ENDPOINT = "enabled";
    static final String METADATA_TOKENS = "required";
    static final int METADATA_HOP_LIMIT = 1;
    static final String METADATA_TAGS = "disabled";
    static final String VOLUME_TYPE = "gp3";
    static final boolean VOLUME_ENCRYPTED = true;
    static final boolean VOLUME_DELETED_WITH_SERVER = true;
    /** Servers live in private subnets and are reached through the load balancer and Session Manager only. */
    static final boolean PUBLIC_ADDRESS = false;
    /** One-minute EC2 metrics, which the alarms and the CPU scaling policy read. */
    static final boolean DETAILED_MONITORING = true;
    /** The root device of Amazon Linux 2023, which a launch template must name to size and encrypt it. */
    static final String ROOT_DEVICE = "/dev/xvda";

    private final Output<String> ami;
    private final boolean amiPinned;
    private final String instanceType;
    private final int rootVolumeSizeGb;
    private final Output<String> securityGroupId;
    private final Output<String> instanceProfileName;
    private final List<Resource> bootDependencies;
    private final IntFunction<Output<String>> userData;

    /**
     * @param bootDependencies what must exist before a server boots (see {@link BootInputs}); every server and the
     *                         launch template wait for them
     * @param userData the rendered bootstrap of a server, by its index ({@link BootstrapParameters#GROUP_MEMBER} for
     *                 the group's servers); no server is ever given a key pair, so the bootstrap and Session Manager are
     *                 the only ways in
     */
    ServerTemplate(Output<String> ami, boolean amiPinned, String instanceType, int rootVolumeSizeGb,
                   Output<String> securityGroupId, Output<String> instanceProfileName,
                   List<Resource> bootDependencies, IntFunction<Output<String>> userData) {
        this.ami = ami;
        this.amiPinned = amiPinned;
        this.instanceType = instanceType;
        this.rootVolumeSizeGb = rootVolumeSizeGb;
        this.securityGroupId = securityGroupId;
        this.instanceProfileName = instanceProfileName;
        this.bootDependencies = List.copyOf(bootDependencies);
        this.userData = userData;
    }

    static Map<String, String> serverTags(String name) {
        return Map.of("Name", name, "Role", "web");
    }

    static Map<String, String> volumeTags(String name) {
        return Map.of("Name", name + "-root");
    }

    /** A fixed server in one subnet. */
    InstanceArgs instance(String name, Output<String> subnetId, int index) {
        return InstanceArgs.builder()
                .ami(ami)
                .instanceType(instanceType)
                .subnetId(subnetId)
                .vpcSecurityGroupIds(securityGroupId.applyValue(List::of))
                .associatePublicIpAddress(PUBLIC_ADDRESS)
                .iamInstanceProfile(instanceProfileName)
                .monitoring(DETAILED_MONITORING)
                .metadataOptions(InstanceMetadataOptionsArgs.builder()
                        .httpEndpoint(METADATA_ENDPOINT)
                        .httpTokens(METADATA_TOKENS)
                        .httpPutResponseHopLimit(METADATA_HOP_LIMIT)
                        .instanceMetadataTags(METADATA_TAGS)
                        .build())
                .rootBlockDevice(InstanceRootBlockDeviceArgs.builder()
                        .volumeType(VOLUME_TYPE)
                        .volumeSize(rootVolumeSizeGb)
                        .encrypted(VOLUME_ENCRYPTED)
                        .deleteOnTermination(VOLUME_DELETED_WITH_SERVER)
                        .build())
                .userDataBase64(userData.apply(index).applyValue(Bootstrap::compressedBase64))
                // Servers are stateless: a new bootstrap gives a new server rather than drifting an old one.
                .userDataReplaceOnChange(true)
                .tags(serverTags(name))
                .volumeTags(volumeTags(name))
                .build();
    }

    /**
     * The launch template of the group's servers. Their name and role tags come from the group, which propagates
     * them at launch; the volume's tags are set here, since a group tags only instances. The stack tags are added to
     * both because the provider's default tags reach neither the group's instances nor their volumes.
     */
    LaunchTemplateArgs launchTemplate(String name, Map<String, String> stackTags) {
        return LaunchTemplateArgs.builder()
                .description("Web servers of the Auto Scaling group " + name)
                .imageId(ami)
                .instanceType(instanceType)
                // The firewall sits on the network interface: a launch template cannot set both.
                .networkInterfaces(LaunchTemplateNetworkInterfaceArgs.builder()
                        .deviceIndex(0)
                        .associatePublicIpAddress(String.valueOf(PUBLIC_ADDRESS))
                        .securityGroups(securityGroupId.applyValue(List::of))
                        .deleteOnTermination("true")
                        .build())
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileArgs.builder().name(instanceProfileName).build())
                .monitoring(LaunchTemplateMonitoringArgs.builder().enabled(DETAILED_MONITORING).build())
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint(METADATA_ENDPOINT)
                        .httpTokens(METADATA_TOKENS)
                        .httpPutResponseHopLimit(METADATA_HOP_LIMIT)
                        .instanceMetadataTags(METADATA_TAGS)
                        .build())
                .blockDeviceMappings(LaunchTemplateBlockDeviceMappingArgs.builder()
                        .deviceName(ROOT_DEVICE)
                        .ebs(LaunchTemplateBlockDeviceMappingEbsArgs.builder()
                                .volumeType(VOLUME_TYPE)
                                .volumeSize(rootVolumeSizeGb)
                                .encrypted(String.valueOf(VOLUME_ENCRYPTED))
                                .deleteOnTermination(String.valueOf(VOLUME_DELETED_WITH_SERVER))
                                .build())
                        .build())
                // The fixed servers' bootstrap, compressed and base64-encoded the same way.
                .userData(userData.apply(BootstrapParameters.GROUP_MEMBER).applyValue(Bootstrap::compressedBase64))
                .tagSpecifications(LaunchTemplateTagSpecificationArgs.builder()
                        .resourceType("volume")
                        .tags(merged(stackTags, volumeTags(name)))
                        .build())
                .tags(Map.of("Name", name))
                .build();
    }

    /**
     * A server, or the launch template every group server starts from, waits for what its bootstrap reads. A newly
     * published AMI must not replace running servers behind the user's back; a pinned {@code amiId} does.
     *
     * @param amiProperty the resource's name for its AMI: {@code ami} on an instance, {@code imageId} on a template
     */
    CustomResourceOptions options(ComponentResource parent, String amiProperty) {
        var options = CustomResourceOptions.builder().parent(parent).dependsOn(bootDependencies);
        if (!amiPinned) {
            options.ignoreChanges(amiProperty);
        }
        return options.build();
    }

    static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> all = new LinkedHashMap<>(first);
        all.putAll(second);
        return all;
    }
}
