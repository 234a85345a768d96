import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, resource, withResources } from "./fixture";

describe("imdsv2-required", () => {
    it("accepts required tokens on instances and launch templates", () => accepts("imdsv2-required", compliantPlan()));
    it("refuses optional tokens on an instance", () => refuses("imdsv2-required",
        broken("web-1", (i) => { i.metadataOptions.httpTokens = "optional"; }), "web-1", "\"optional\""));
    it("refuses a launch template without metadata options", () => refuses("imdsv2-required",
        broken("web-template", (i) => { delete i.metadataOptions; }), "web-template", "not set"));
});

describe("encrypted-volumes", () => {
    it("accepts encrypted volumes", () => accepts("encrypted-volumes", compliantPlan()));
    it("refuses an unencrypted root volume", () => refuses("encrypted-volumes",
        broken("web-1", (i) => { i.rootBlockDevice.encrypted = false; }), "web-1", "rootBlockDevice.encrypted"));
    it("refuses an instance that leaves encryption unset", () => refuses("encrypted-volumes",
        broken("web-1", (i) => { delete i.rootBlockDevice; }), "web-1", "rootBlockDevice.encrypted"));
    it("refuses an unencrypted extra EBS volume", () => refuses("encrypted-volumes",
        broken("web-1", (i) => { i.ebsBlockDevices = [{ deviceName: "/dev/sdf", encrypted: false }]; }), "web-1", "ebsBlockDevices[0]"));
    it("refuses a launch template mapping with encrypted \"false\"", () => refuses("encrypted-volumes",
        broken("web-template", (i) => { i.blockDeviceMappings[0].ebs.encrypted = "false"; }), "web-template", "blockDeviceMappings[0].ebs.encrypted"));
    it("refuses a launch template that maps no volume", () => refuses("encrypted-volumes",
        broken("web-template", (i) => { delete i.blockDeviceMappings; }), "web-template", "maps no EBS volume"));
    it("refuses an unencrypted EBS volume resource", () => refuses("encrypted-volumes",
        withResources(resource("aws:ebs/volume:Volume", "data", { availabilityZone: "eu-west-1a", size: 10 })), "data", "not encrypted"));
});

describe("no-public-ip", () => {
    it("accepts private servers and subnets", () => accepts("no-public-ip", compliantPlan()));
    it("refuses an instance with a public address", () => refuses("no-public-ip",
        broken("web-1", (i) => { i.associatePublicIpAddress = true; }), "web-1", "associatePublicIpAddress is true"));
    it("refuses a launch template interface with associatePublicIpAddress \"true\"", () => refuses("no-public-ip",
        broken("web-template", (i) => { i.networkInterfaces[0].associatePublicIpAddress = "true"; }), "web-template", "networkInterfaces[0]"));
    it("refuses a subnet that maps public addresses", () => refuses("no-public-ip",
        broken("network-app-a", (i) => { i.mapPublicIpOnLaunch = true; }), "network-app-a", "mapPublicIpOnLaunch"));
});

describe("no-key-pair", () => {
    it("accepts servers without a key", () => accepts("no-key-pair", compliantPlan()));
    it("warns about an instance key pair", () => refuses("no-key-pair",
        broken("web-1", (i) => { i.keyName = "ops"; }), "web-1", "keyName is \"ops\"", "advisory"));
    it("warns about a launch template key pair", () => refuses("no-key-pair",
        broken("web-template", (i) => { i.keyName = "ops"; }), "web-template", "SSM", "advisory"));
});

describe("instance-profile-required", () => {
    it("accepts servers with a profile", () => accepts("instance-profile-required", compliantPlan()));
    it("accepts a profile whose name is not known yet, as in a preview", () => accepts("instance-profile-required",
        broken("web-1", (i) => { i.iamInstanceProfile = "[unknown]"; })));
    it("refuses an instance without a profile", () => refuses("instance-profile-required",
        broken("web-1", (i) => { delete i.iamInstanceProfile; }), "web-1", "No iamInstanceProfile"));
    it("refuses a launch template without a profile", () => refuses("instance-profile-required",
        broken("web-template", (i) => { i.iamInstanceProfile = {}; }), "web-template", "No iamInstanceProfile"));
});
