import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, find, reported, resource, withResources } from "./fixture";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";

describe("no-world-ingress-except-web", () => {
    it("accepts 80 and 443 from the internet", () => accepts("no-world-ingress-except-web", compliantPlan()));
    it("refuses another port open to 0.0.0.0/0", () => refuses("no-world-ingress-except-web",
        broken("firewalls-lb-in-https-ipv4", (i) => { i.fromPort = 8443; i.toPort = 8443; }), "firewalls-lb-in-https-ipv4", "tcp port 8443"));
    it("refuses a range from 80 to 443 on ::/0", () => refuses("no-world-ingress-except-web",
        broken("firewalls-lb-in-http-ipv6", (i) => { i.toPort = 443; }), "firewalls-lb-in-http-ipv6", "ports 80-443) admits ::/0"));
    it("refuses UDP 443 from the internet", () => refuses("no-world-ingress-except-web",
        broken("firewalls-lb-in-https-ipv4", (i) => { i.ipProtocol = "udp"; }), "firewalls-lb-in-https-ipv4", "udp port 443"));
    it("refuses inline ingress on a security group", () => refuses("no-world-ingress-except-web",
        broken("firewalls-web-sg", (i) => { i.ingress = [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"], description: "app" }]; }),
        "firewalls-web-sg", "ingress[0] ingress rule (tcp port 8080)"));
    it("refuses a SecurityGroupRule from ::/0", () => refuses("no-world-ingress-except-web",
        withResources(resource(GROUP_RULE, "legacy", { type: "ingress", protocol: "tcp", fromPort: 25, toPort: 25, ipv6CidrBlocks: ["::/0"], securityGroupId: "sg-web", description: "mail" })),
        "legacy", "tcp port 25"));
    it("leaves egress to the internet alone", () => accepts("no-world-ingress-except-web",
        withResources(resource(GROUP_RULE, "out", { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-web", description: "out" }))));
    it("takes the public ports from the pack config", () => refuses("no-world-ingress-except-web",
        compliantPlan(), "firewalls-lb-in-http-ipv6", "only TCP 443", "mandatory", { "no-world-ingress-except-web": { publicPorts: [443] } }));
});

describe("no-ssh-rdp-ingress", () => {
    it("accepts the stack's rules", () => accepts("no-ssh-rdp-ingress", compliantPlan()));
    it("refuses SSH even from a security group", () => refuses("no-ssh-rdp-ingress",
        broken("firewalls-web-in-lb", (i) => { i.fromPort = 22; i.toPort = 22; }), "firewalls-web-in-lb", "remote administration port 22"));
    it("refuses a range that contains 3389", () => refuses("no-ssh-rdp-ingress",
        broken("firewalls-web-in-lb", (i) => { i.fromPort = 3000; i.toPort = 4000; }), "firewalls-web-in-lb", "port 3389"));
    it("refuses a range that contains 22 from a private network", () => refuses("no-ssh-rdp-ingress",
        withResources(resource(IN, "admin", { cidrIpv4: "10.0.0.0/8", description: "admin", fromPort: 0, toPort: 1024, ipProtocol: "tcp", securityGroupId: "sg-web" })),
        "admin", "port 22"));
    it("refuses inline SSH on a group", () => refuses("no-ssh-rdp-ingress",
        withResources(resource(SG, "bastion", { description: "bastion", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["203.0.113.0/24"], description: "ssh" }] })),
        "bastion", "port 22"));
    it("refuses a SecurityGroupRule for RDP", () => refuses("no-ssh-rdp-ingress",
        withResources(resource(GROUP_RULE, "rdp", { type: "ingress", protocol: "6", fromPort: 3389, toPort: 3389, sourceSecurityGroupId: "sg-lb", securityGroupId: "sg-web", description: "rdp" })),
        "rdp", "port 3389"));
    it("counts all-protocol rules as opening every port", () => refuses("no-ssh-rdp-ingress",
        broken("firewalls-web-in-lb", (i) => { i.ipProtocol = "-1"; }), "firewalls-web-in-lb", "port 22 and 3389"));
    it("leaves ICMP alone", () => accepts("no-ssh-rdp-ingress",
        withResources(resource(IN, "ping", { cidrIpv4: "10.0.0.0/8", description: "ping", fromPort: 8, toPort: 0, ipProtocol: "icmp", securityGroupId: "sg-web" }))));
});

describe("database-port-from-groups-only", () => {
    it("accepts MySQL from the web servers' group", () => accepts("database-port-from-groups-only", compliantPlan()));
    it("refuses MySQL from an address range", () => refuses("database-port-from-groups-only",
        broken("firewalls-db-in-web", (i) => { delete i.referencedSecurityGroupId; i.cidrIpv4 = "10.0.4.0/20"; }), "firewalls-db-in-web", "from 10.0.4.0/20"));
    it("refuses a prefix list", () => refuses("database-port-from-groups-only",
        broken("firewalls-db-in-web", (i) => { delete i.referencedSecurityGroupId; i.prefixListId = "pl-123"; }), "firewalls-db-in-web", "pl-123"));
    it("refuses a range over 3306 in a SecurityGroupRule", () => refuses("database-port-from-groups-only",
        withResources(resource(GROUP_RULE, "wide", { type: "ingress", protocol: "tcp", fromPort: 3000, toPort: 3400, cidrBlocks: ["10.0.0.0/16"], securityGroupId: "sg-db", description: "wide" })),
        "wide", "database port 3306"));
});

describe("no-all-protocol-ingress", () => {
    it("accepts named protocols", () => accepts("no-all-protocol-ingress", compliantPlan()));
    it("refuses ipProtocol -1 from a group", () => refuses("no-all-protocol-ingress",
        broken("firewalls-db-in-web", (i) => { i.ipProtocol = "-1"; }), "firewalls-db-in-web", "every protocol"));
    it("refuses inline protocol all", () => refuses("no-all-protocol-ingress",
        broken("firewalls-db-sg", (i) => { i.ingress = [{ protocol: "all", fromPort: 0, toPort: 0, securityGroups: ["sg-web"], description: "x" }]; }), "firewalls-db-sg", "ingress[0]"));
});

describe("firewalls-described", () => {
    it("accepts described groups and rules", () => accepts("firewalls-described", compliantPlan()));
    it("refuses a group without a description", () => refuses("firewalls-described",
        broken("firewalls-web-sg", (i) => { delete i.description; }), "firewalls-web-sg", "no description"));
    it("refuses the provider's default description", () => refuses("firewalls-described",
        broken("firewalls-web-sg", (i) => { i.description = "Managed by Pulumi"; }), "firewalls-web-sg", "no description"));
    it("refuses an undescribed rule resource", () => refuses("firewalls-described",
        broken("firewalls-db-in-web", (i) => { i.description = " "; }), "firewalls-db-in-web", "ingress rule (tcp port 3306) has no description"));
    it("refuses an undescribed egress rule", () => refuses("firewalls-described",
        broken("firewalls-lb-out-web", (i) => { delete i.description; }), "firewalls-lb-out-web", "egress rule"));
    it("refuses an undescribed inline rule", () => refuses("firewalls-described",
        broken("firewalls-db-sg", (i) => { i.egress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }]; }), "firewalls-db-sg", "egress[0]"));
});

describe("default-security-group-closed", () => {
    it("accepts a default group without rules", () => accepts("default-security-group-closed", compliantPlan()));
    it("refuses rules on the default group", () => refuses("default-security-group-closed",
        broken("network-default-sg", (i) => { i.egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]; }), "network-default-sg", "1 rule(s)"));
});

describe("world-ingress-only-on-load-balancer", () => {
    it("accepts internet ingress on the load balancer's group", () => accepts("world-ingress-only-on-load-balancer", compliantPlan()));
    it("refuses internet ingress on a group no load balancer uses, and each server in it", async () => {
        const plan = withResources(resource(IN, "web-open", { cidrIpv4: "0.0.0.0/0", description: "open", fromPort: 443, ipProtocol: "tcp", securityGroupId: "sg-web", toPort: 443 }, ["firewalls-web-sg"]));
        assert.deepEqual(await reported("world-ingress-only-on-load-balancer", plan), [
            "mandatory firewalls-web-sg: aws:ec2/securityGroup:SecurityGroup firewalls-web-sg is open to the internet but belongs to no load balancer.",
            "mandatory web-1: aws:ec2/instance:Instance web-1 uses firewalls-web-sg, which is open to the internet: only the load balancer may.",
            // A launch template joins the group through its network interfaces.
            "mandatory web-template: aws:ec2/launchTemplate:LaunchTemplate web-template uses firewalls-web-sg, which is open to the internet: only the load balancer may.",
        ]);
    });
    it("refuses a server that joins the load balancer's group", () => {
        const plan = broken("web-1", (i) => { i.vpcSecurityGroupIds = ["sg-lb"]; });
        find(plan, "web-1").dependsOn = ["firewalls-lb-sg"];
        return refuses("world-ingress-only-on-load-balancer", plan, "web-1", "uses firewalls-lb-sg");
    });
    it("finds the load balancer's group by dependency while its ids are unknown, as in a preview", () => accepts("world-ingress-only-on-load-balancer",
        broken("edge-alb", (i) => { i.securityGroups = "[unknown]"; })));
    it("refuses an open rule whose group is not in the stack", () => refuses("world-ingress-only-on-load-balancer",
        withResources(resource(IN, "stray", { cidrIpv4: "0.0.0.0/0", description: "x", fromPort: 443, ipProtocol: "tcp", securityGroupId: "sg-elsewhere", toPort: 443 })),
        "stray", "cannot be found"));
});
