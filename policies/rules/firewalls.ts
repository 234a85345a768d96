// Firewalls: who may reach what. Every rule reads all four ways AWS security group rules can be declared
// (per-rule ingress/egress resources, the older SecurityGroupRule, and inline rules on a group or on the VPC's
// default group), so that no form of declaration slips past them.
import { PolicyResource } from "@pulumi/policy";
import { asList, knownOrUndefined, label, ofType, Props, referredTo, referredToAll, resourceRule, ResourceRuleSpec, Setting, stackRule } from "./common";
import { FACTS, Flow, GroupRole, isInternet } from "./facts";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

const FIREWALL_TYPES = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, INGRESS_RULE, EGRESS_RULE, GROUP_RULE];
const RULE_RESOURCES = [INGRESS_RULE, EGRESS_RULE, GROUP_RULE];

/** One ingress or egress rule, whichever way it was declared. */
export interface FirewallRule {
    direction: "ingress" | "egress";
    /** Where it came from, for messages: `ingress[0]` for an inline rule, empty for a rule resource. */
    where: string;
    protocol: string;
    fromPort: number;
    toPort: number;
    cidrs: string[];
    /** Security groups (or the group itself) the rule admits: traffic allowed by reference, not by address. */
    groups: string[];
    prefixLists: string[];
    description: unknown;
}

function inline(direction: "ingress" | "egress", entries: unknown): FirewallRule[] {
    return asList<Props>(entries).map((e, i) => ({
        direction,
        where: `${direction}[${i}] `,
        protocol: String(e.protocol ?? ""),
        fromPort: Number(e.fromPort ?? 0),
        toPort: Number(e.toPort ?? 0),
        cidrs: [...asList<string>(e.cidrBlocks), ...asList<string>(e.ipv6CidrBlocks)],
        groups: [...asList<string>(e.securityGroups), ...(e.self === true ? ["self"] : [])],
        prefixLists: asList<string>(e.prefixListIds),
        description: e.description,
    }));
}

/** The rules a firewall resource declares, in one shape. */
export function firewallRules(type: string, props: Props): FirewallRule[] {
    switch (type) {
        case SECURITY_GROUP:
        case DEFAULT_SECURITY_GROUP:
            return [...inline("ingress", props.ingress), ...inline("egress", props.egress)];
        case INGRESS_RULE:
        case EGRESS_RULE:
            return [{
                direction: type === INGRESS_RULE ? "ingress" : "egress",
                where: "",
                protocol: String(props.ipProtocol ?? ""),
                fromPort: Number(props.fromPort ?? 0),
                toPort: Number(props.toPort ?? 0),
                cidrs: [props.cidrIpv4, props.cidrIpv6].filter((c): c is string => typeof c === "string"),
                groups: typeof props.referencedSecurityGroupId === "string" ? [props.referencedSecurityGroupId] : [],
                prefixLists: typeof props.prefixListId === "string" ? [props.prefixListId] : [],
                description: props.description,
            }];
        case GROUP_RULE:
            return [{
                direction: props.type === "egress" ? "egress" : "ingress",
                where: "",
                protocol: String(props.protocol ?? ""),
                fromPort: Number(props.fromPort ?? 0),
                toPort: Number(props.toPort ?? 0),
                cidrs: [...asList<string>(props.cidrBlocks), ...asList<string>(props.ipv6CidrBlocks)],
                groups: [
                    ...(typeof props.sourceSecurityGroupId === "string" ? [props.sourceSecurityGroupId] : []),
                    ...(props.self === true ? ["self"] : []),
                ],
                prefixLists: asList<string>(props.prefixListIds),
                description: props.description,
            }];
        default:
            return [];
    }
}

/** "-1" (or "all") is every protocol and every port. */
export function isAllProtocols(rule: FirewallRule): boolean {
    return rule.protocol === "-1" || rule.protocol.toLowerCase() === "all";
}

const PORT_PROTOCOLS = ["tcp", "udp", "6", "17"];

/** The ports a rule opens, as an inclusive range; none for protocols without ports (ICMP). */
export function portRange(rule: FirewallRule): [number, number] | undefined {
    if (isAllProtocols(rule)) {
        return [0, 65535];
    }
    if (!PORT_PROTOCOLS.includes(rule.protocol.toLowerCase())) {
        return undefined;
    }
    return [Math.min(rule.fromPort, rule.toPort), Math.max(rule.fromPort, rule.toPort)];
}

function opens(rule: FirewallRule, port: number): boolean {
    const range = portRange(rule);
    return range !== undefined && range[0] <= port && port <= range[1];
}

function describeRule(rule: FirewallRule): string {
    const range = portRange(rule);
    const ports = isAllProtocols(rule) ? "all traffic"
        : range === undefined ? `protocol ${rule.protocol}`
        : range[0] === range[1] ? `${rule.protocol} port ${range[0]}` : `${rule.protocol} ports ${range[0]}-${range[1]}`;
    return `${rule.where}${rule.direction} rule (${ports})`;
}

/** A list of ports as a policy setting. */
function portsSetting(ports: number[], description: string): Setting {
    return { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, default: ports, description };
}

const ingress = (type: string, props: Props) => firewallRules(type, props).filter((r) => r.direction === "ingress");
/** The rule's address ranges that admit the internet, however spelled (see isInternet). */
const fromWorld = (rule: FirewallRule) => rule.cidrs.filter(isInternet);

/** A rule on each ingress rule of a firewall resource, whichever form it was declared in. */
function ingressRule<S>(spec: Omit<ResourceRuleSpec<S>, "types" | "check"> & {
    /** The problem with one ingress rule, or undefined. */
    problem(rule: FirewallRule, config: S): string | undefined;
}) {
    return resourceRule<S>({
        ...spec,
        types: FIREWALL_TYPES,
        check(props, report, { args, config }) {
            for (const rule of ingress(args.type, props)) {
                const problem = spec.problem(rule, config);
                if (problem !== undefined) {
                    report(problem);
                }
            }
        },
    });
}

export const worldIngressOnlyWebPorts = ingressRule<{ publicPorts: number[] }>({
    name: "no-world-ingress-except-web",
    description: "Ingress from the internet (0.0.0.0/0, ::/0 in any spelling, or a wide public range) is allowed only on TCP 80 and 443 (FSBP EC2.18, CIS AWS Foundations 5.2/5.3).",
    settings: {
        publicPorts: portsSetting(FACTS.publicPorts, "TCP ports that may be open to the whole internet (on the load balancer's group only)."),
    },
    problem(rule, config) {
        const world = fromWorld(rule);
        const range = portRange(rule);
        const allowed = range !== undefined && ["tcp", "6"].includes(rule.protocol.toLowerCase())
            && range[0] === range[1] && config.publicPorts.includes(range[0]);
        return world.length === 0 || allowed ? undefined
            : `${describeRule(rule)} admits ${world.join(" and ")}: only TCP ${config.publicPorts.join(", ")} may be open to the internet.`;
    },
});

export const noAdminPorts = ingressRule<{ adminPorts: number[] }>({
    name: "no-ssh-rdp-ingress",
    description: "No ingress to SSH (22), RDP (3389) or WinRM (5985/5986) from anywhere; servers are reached through SSM (CIS AWS Foundations 5.2, FSBP EC2.13/EC2.53).",
    settings: {
        adminPorts: portsSetting(FACTS.adminPorts, "Remote administration ports that no rule may open, from any source."),
    },
    problem(rule, config) {
        const hit = config.adminPorts.filter((port) => opens(rule, port));
        return hit.length === 0 ? undefined
            : `${describeRule(rule)} opens remote administration port ${hit.join(" and ")}; use SSM Session Manager instead.`;
    },
});

export const databaseFromGroupsOnly = ingressRule<{ databasePorts: number[] }>({
    name: "database-port-from-groups-only",
    description: "The database port (3306) is reachable only from security groups, never from an address range (the seed design: Firewall 1).",
    settings: {
        databasePorts: portsSetting([FACTS.mysqlPort], "Database ports that may be admitted only by security group reference."),
    },
    problem(rule, config) {
        const hit = config.databasePorts.filter((port) => opens(rule, port));
        const sources = [...rule.cidrs, ...rule.prefixLists];
        return hit.length === 0 || sources.length === 0 ? undefined
            : `${describeRule(rule)} admits database port ${hit.join(", ")} from ${sources.join(", ")}: admit it only from a security group (referencedSecurityGroupId).`;
    },
});

export const noAllProtocolIngress = ingressRule({
    name: "no-all-protocol-ingress",
    description: "No ingress rule admits every protocol and port (ipProtocol -1) (the seed design: least-privilege firewalls).",
    problem: (rule) => isAllProtocols(rule)
        ? `${rule.where}ingress rule admits every protocol and port (-1): name the protocol and ports.` : undefined,
});

// The AWS provider's default description, which says nothing about the group.
const PROVIDER_DEFAULT_DESCRIPTION = "Managed by Pulumi";

export const firewallsDescribed = resourceRule({
    name: "firewalls-described",
    description: "Every security group and security group rule says what it is for (the seed design: reviewable firewalls).",
    types: [SECURITY_GROUP, INGRESS_RULE, EGRESS_RULE, GROUP_RULE],
    check(props, report, { args }) {
        const described = (d: unknown) => typeof d === "string" && d.trim() !== "" && d !== PROVIDER_DEFAULT_DESCRIPTION;
        if (args.type === SECURITY_GROUP) {
            if (!described(props.description)) {
                report("The security group has no description of its own: say which traffic it is for.");
            }
            for (const rule of firewallRules(args.type, props)) {
                if (!described(rule.description)) {
                    report(`${describeRule(rule)} has no description.`);
                }
            }
        } else if (!described(props.description)) {
            report(`The ${describeRule(firewallRules(args.type, props)[0]).trim()} has no description.`);
        }
    },
});

export const defaultGroupClosed = resourceRule({
    name: "default-security-group-closed",
    description: "The VPC's default security group admits and sends nothing (CIS AWS Foundations 5.4, FSBP EC2.2).",
    types: [DEFAULT_SECURITY_GROUP],
    check(props, report) {
        const rules = firewallRules(DEFAULT_SECURITY_GROUP, props);
        if (rules.length > 0) {
            report(`The default security group has ${rules.length} rule(s): it must have none, so that nothing uses it by accident.`);
        }
    },
});

function worldIngressSources(resource: PolicyResource): boolean {
    return ingress(resource.type, resource.props).some((r) => fromWorld(r).length > 0);
}

export const worldIngressOnLoadBalancers = stackRule({
    name: "world-ingress-only-on-load-balancer",
    description: "Only a load balancer's security group is open to the internet; no server or database uses it (the seed design: Firewall 3).",
    check(resources, report) {
        const groups = ofType(resources, SECURITY_GROUP);
        const balancers = ofType(resources, ...LOAD_BALANCERS);
        const open = new Set<PolicyResource>();
        for (const group of groups) {
            if (worldIngressSources(group)) {
                open.add(group);
            }
        }
        for (const rule of ofType(resources, INGRESS_RULE, GROUP_RULE)) {
            if (!worldIngressSources(rule)) {
                continue;
            }
            const group = referredTo(rule, "securityGroupId", groups);
            if (group === undefined) {
                report(`${label(rule)} is open to the internet, and the security group it belongs to cannot be found in the stack.`, rule.urn);
            } else {
                open.add(group);
            }
        }
        for (const group of open) {
            const users = resources.filter((r) => !LOAD_BALANCERS.includes(r.type) && usesGroup(r, group, groups));
            const onBalancer = balancers.some((lb) => usesGroup(lb, group, groups));
            if (!onBalancer) {
                report(`${label(group)} is open to the internet but belongs to no load balancer.`, group.urn);
            }
            for (const user of users) {
                report(`${label(user)} uses ${group.name}, which is open to the internet: only the load balancer may.`, user.urn);
            }
        }
    },
});

// The inputs through which compute, databases and load balancers join security groups (a launch template's
// groups sit in its network interfaces).
const GROUP_INPUTS = ["securityGroups", "vpcSecurityGroupIds", "securityGroupIds", "networkInterfaces"];

function usesGroup(resource: PolicyResource, group: PolicyResource, groups: PolicyResource[]): boolean {
    if (FIREWALL_TYPES.includes(resource.type)) {
        return false;
    }
    // `in`, not a read: during a preview the list of groups may be unknown, and the dependencies still tell.
    return GROUP_INPUTS.some((input) => input in resource.props && referredToAll(resource, input, groups).includes(group));
}

const ROLE_OF_USER: Record<string, GroupRole> = {
    "aws:lb/loadBalancer:LoadBalancer": "loadBalancer",
    "aws:alb/loadBalancer:LoadBalancer": "loadBalancer",
    "aws:ec2/instance:Instance": "web",
    "aws:ec2/launchTemplate:LaunchTemplate": "web",
    "aws:rds/instance:Instance": "database",
};
const ROLE_NAMES: Record<GroupRole, string> = { loadBalancer: "load balancer", web: "web", database: "database" };
const GROUP_REFERENCES = ["securityGroupId", "vpcSecurityGroupIds", "securityGroups", "securityGroupIds"];

/**
 * Security group ids as the plan and a preview spell them, mapped to the group resources. A group's own id is known
 * only once it exists, so the id is also learned from any resource that refers to exactly one group and depends on
 * exactly one: a rule that belongs to the group, a server or database in it.
 */
function groupIds(resources: PolicyResource[], groups: PolicyResource[]): Map<string, PolicyResource> {
    const ids = new Map<string, PolicyResource>();
    for (const group of groups) {
        const id = knownOrUndefined(() => group.props.id);
        if (typeof id === "string") {
            ids.set(id, group);
        }
    }
    for (const resource of resources) {
        const dependsOn = resource.dependencies.filter((d) => groups.includes(d));
        if (dependsOn.length !== 1) {
            continue;
        }
        const values = new Set(GROUP_REFERENCES.flatMap((p) => asList<unknown>(knownOrUndefined(() => resource.props[p])))
            .filter((v): v is string => typeof v === "string"));
        if (values.size === 1 && !ids.has([...values][0])) {
            ids.set([...values][0], dependsOn[0]);
        }
    }
    return ids;
}

/** The group a reference names: by id, learned id, or the engine's dependencies. */
function groupNamed(resource: PolicyResource, property: string, groups: PolicyResource[], ids: Map<string, PolicyResource>): PolicyResource | undefined {
    const value = knownOrUndefined(() => resource.props[property]);
    if (typeof value === "string" && ids.has(value)) {
        return ids.get(value);
    }
    return referredTo(resource, property, groups);
}

/** The roles of each group: which of the design's tiers (load balancer, web servers, database) use it. */
function groupRoles(resources: PolicyResource[], groups: PolicyResource[]): Map<PolicyResource, Set<GroupRole>> {
    const roles = new Map<PolicyResource, Set<GroupRole>>();
    for (const user of resources.filter((r) => r.type in ROLE_OF_USER)) {
        for (const group of groups.filter((g) => usesGroup(user, g, groups))) {
            roles.set(group, new Set([...(roles.get(group) ?? []), ROLE_OF_USER[user.type]]));
        }
    }
    return roles;
}

interface PlacedRule {
    rule: FirewallRule;
    /** The resource that declares it: the rule resource, or the group for inline rules. */
    declaredBy: PolicyResource;
    owner: PolicyResource | undefined;
    /** Groups the rule admits or sends to; undefined where a group reference names no group of the stack. */
    peers: (PolicyResource | undefined)[];
}

/** Every rule of the stack with the group it belongs to and the groups it names. */
function placedRules(resources: PolicyResource[], groups: PolicyResource[]): PlacedRule[] {
    const ids = groupIds(resources, groups);
    const byId = (id: string, self: PolicyResource | undefined) => id === "self" ? self : ids.get(id);
    const placed: PlacedRule[] = [];
    for (const group of groups.filter((g) => g.type === SECURITY_GROUP || g.type === DEFAULT_SECURITY_GROUP)) {
        for (const rule of firewallRules(group.type, group.props)) {
            placed.push({ rule, declaredBy: group, owner: group, peers: rule.groups.map((g) => byId(g, group)) });
        }
    }
    for (const resource of ofType(resources, ...RULE_RESOURCES)) {
        const owner = groupNamed(resource, "securityGroupId", groups, ids);
        const peerProperty = resource.type === GROUP_RULE ? "sourceSecurityGroupId" : "referencedSecurityGroupId";
        for (const rule of firewallRules(resource.type, resource.props)) {
            const peers = rule.groups.map((g) => g === "self" ? owner
                : ids.get(g) ?? resource.dependencies.find((d) => groups.includes(d) && d !== owner && peerProperty in resource.props));
            placed.push({ rule, declaredBy: resource, owner, peers });
        }
    }
    return placed;
}

function fits(placed: PlacedRule, flow: Flow, roles: Map<PolicyResource, Set<GroupRole>>): boolean {
    const { rule } = placed;
    if (!["tcp", "6"].includes(rule.protocol.toLowerCase()) || flow.protocol !== "tcp") {
        return false;
    }
    const range = portRange(rule)!;
    for (let port = range[0]; port <= range[1]; port++) {
        if (!flow.ports.includes(port)) {
            return false;
        }
    }
    const peer = placed.rule.direction === "ingress" ? flow.from : flow.to;
    if (peer === "anywhere" || peer === undefined) {
        return true;
    }
    return rule.cidrs.length === 0 && rule.prefixLists.length === 0 && placed.peers.length > 0
        && placed.peers.every((g) => g !== undefined && (roles.get(g)?.has(peer) ?? false));
}

function describeFlows(flows: Flow[], direction: "ingress" | "egress"): string {
    if (flows.length === 0) {
        return direction === "ingress" ? "no ingress" : "no egress";
    }
    return flows.map((f) => {
        const peer = (direction === "ingress" ? f.from : f.to)!;
        const where = peer === "anywhere" ? "anywhere" : `the ${ROLE_NAMES[peer]} group`;
        return `${f.protocol} ${f.ports.join("/")} ${direction === "ingress" ? "from" : "to"} ${where}`;
    }).join("; ");
}

export const flowsAsDesigned = stackRule({
    name: "firewall-flows-as-designed",
    description: "Each tier's security group admits and sends only the design's flows: the load balancer HTTPS/HTTP in and HTTPS to the web group; the web group HTTPS from the load balancer, HTTPS out and MySQL to the database group; the database MySQL from the web group and nothing out (the seed design: Firewalls 1-3).",
    check(resources, report) {
        const groups = ofType(resources, SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
        const roles = groupRoles(resources, groups);
        for (const placed of placedRules(resources, groups)) {
            const owned = placed.owner ? roles.get(placed.owner) : undefined;
            for (const role of owned ?? []) {
                const flows = FACTS.firewallFlows[role][placed.rule.direction];
                if (!flows.some((f) => fits(placed, f, roles))) {
                    const what = `${describeRule(placed.rule)}${placed.rule.cidrs.length > 0 ? ` with ${placed.rule.cidrs.join(", ")}` : ""}`;
                    report(`${label(placed.declaredBy)}: ${what} of the ${ROLE_NAMES[role]} group ${placed.owner!.name} is not a flow of the design, `
                        + `which allows ${describeFlows(flows, placed.rule.direction)}.`, placed.declaredBy.urn);
                }
            }
        }
    },
});

export const noRulesOnDefaultGroup = stackRule({
    name: "default-security-group-no-rule-resources",
    description: "No rule resource is added to the VPC's default security group (CIS AWS Foundations 5.4, FSBP EC2.2).",
    check(resources, report) {
        const groups = ofType(resources, SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
        for (const placed of placedRules(resources, groups)) {
            if (placed.owner?.type === DEFAULT_SECURITY_GROUP && placed.declaredBy !== placed.owner) {
                report(`${label(placed.declaredBy)} adds a rule to the default security group ${placed.owner.name}, which must stay empty.`, placed.declaredBy.urn);
            }
        }
    },
});

export const firewallPolicies = [
    worldIngressOnlyWebPorts,
    noAdminPorts,
    databaseFromGroupsOnly,
    noAllProtocolIngress,
    firewallsDescribed,
    defaultGroupClosed,
    worldIngressOnLoadBalancers,
    flowsAsDesigned,
    noRulesOnDefaultGroup,
];
