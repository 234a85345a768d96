// Servers: how EC2 instances are started, whether one at a time (Instance) or by an Auto Scaling group from a
// launch template. A launch template's schema has strings where an instance has booleans ("true"/"false").
import { asList, isGiven, isTrue, Props, resourceRule } from "./common";

export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const VOLUME = "aws:ebs/volume:Volume";
const SUBNET = "aws:ec2/subnet:Subnet";
const SERVERS = [INSTANCE, LAUNCH_TEMPLATE];

export const imdsv2Required = resourceRule({
    name: "imdsv2-required",
    description: "Instance metadata only through IMDSv2 session tokens (FSBP EC2.8).",
    types: SERVERS,
    check(props, report) {
        const tokens = props.metadataOptions?.httpTokens;
        if (tokens !== "required") {
            report(`metadataOptions.httpTokens is ${tokens === undefined ? "not set" : `"${tokens}"`}: set it to "required" so that only IMDSv2 answers.`);
        }
    },
});

function instanceVolumes(props: Props): { where: string; encrypted: unknown }[] {
    const volumes = [{ where: "rootBlockDevice", encrypted: props.rootBlockDevice?.encrypted }];
    asList<Props>(props.ebsBlockDevices).forEach((d, i) => volumes.push({ where: `ebsBlockDevices[${i}]`, encrypted: d.encrypted }));
    return volumes;
}

export const encryptedVolumes = resourceRule({
    name: "encrypted-volumes",
    description: "Root and EBS volumes are encrypted (FSBP EC2.3, CIS AWS Foundations 2.2.1).",
    types: [...SERVERS, VOLUME],
    check(props, report, { args }) {
        if (args.type === VOLUME) {
            if (!isTrue(props.encrypted)) {
                report("The EBS volume is not encrypted: set encrypted to true.");
            }
            return;
        }
        if (args.type === INSTANCE) {
            for (const volume of instanceVolumes(props)) {
                if (!isTrue(volume.encrypted)) {
                    report(`${volume.where}.encrypted is not true: the volume would be stored unencrypted.`);
                }
            }
            return;
        }
        // Without a mapping, the root volume comes from the image's snapshot, unencrypted for public AMIs.
        const ebs = asList<Props>(props.blockDeviceMappings).map((m, i) => ({ i, ebs: m.ebs as Props | undefined }))
            .filter((m) => m.ebs !== undefined);
        if (ebs.length === 0) {
            report("The launch template maps no EBS volume: map the root volume with ebs.encrypted \"true\".");
        }
        for (const m of ebs) {
            if (!isTrue(m.ebs!.encrypted)) {
                report(`blockDeviceMappings[${m.i}].ebs.encrypted is not "true": the volume would be stored unencrypted.`);
            }
        }
    },
});

export const noPublicIp = resourceRule({
    name: "no-public-ip",
    description: "Servers get no public IP address, and no subnet hands one out (FSBP EC2.9, EC2.15).",
    types: [...SERVERS, SUBNET],
    check(props, report, { args }) {
        if (args.type === SUBNET) {
            if (isTrue(props.mapPublicIpOnLaunch)) {
                report("mapPublicIpOnLaunch is true: every instance started in this subnet would get a public address.");
            }
            return;
        }
        if (args.type === INSTANCE) {
            if (isTrue(props.associatePublicIpAddress)) {
                report("associatePublicIpAddress is true: the server would be reachable from the internet without the load balancer.");
            }
            return;
        }
        asList<Props>(props.networkInterfaces).forEach((ni, i) => {
            if (isTrue(ni.associatePublicIpAddress)) {
                report(`networkInterfaces[${i}].associatePublicIpAddress is "true": servers would be reachable from the internet.`);
            }
        });
    },
});

export const noKeyPair = resourceRule({
    name: "no-key-pair",
    description: "No SSH key pair on servers; administration goes through SSM Session Manager (the seed design).",
    enforcementLevel: "advisory",
    types: SERVERS,
    check(props, report) {
        if (typeof props.keyName === "string" && props.keyName !== "") {
            report(`keyName is "${props.keyName}": servers need no SSH key, use SSM Session Manager.`);
        }
    },
});

export const instanceProfileRequired = resourceRule({
    name: "instance-profile-required",
    description: "Every server has an instance profile, so that SSM manages it and it needs no stored credentials (FSBP SSM.1).",
    types: SERVERS,
    check(props, report, { args }) {
        const set = args.type === INSTANCE
            ? isGiven(props, "iamInstanceProfile")
            : isGiven(props.iamInstanceProfile, "name") || isGiven(props.iamInstanceProfile, "arn");
        if (!set) {
            report("No iamInstanceProfile: without a role the server cannot be managed through SSM or read its configuration.");
        }
    },
});

export const imdsHopLimit = resourceRule({
    name: "imds-hop-limit-1",
    description: "Instance metadata answers the server itself only: httpPutResponseHopLimit at most 1, so a container or forwarded request cannot fetch the role's credentials (FSBP EC2.8; the seed design).",
    types: SERVERS,
    check(props, report) {
        const hops = props.metadataOptions?.httpPutResponseHopLimit;
        if (hops !== undefined && hops !== null && !(Number(hops) <= 1)) {
            report(`metadataOptions.httpPutResponseHopLimit is ${hops}: set it to 1.`);
        }
    },
});

export const serverPolicies = [imdsv2Required, encryptedVolumes, noPublicIp, noKeyPair, instanceProfileRequired, imdsHopLimit];
