import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, resource, withResources } from "./fixture";

const ROUTE = "aws:ec2/route:Route";
const RULE = "database-routes-local-only";

describe("database-routes-local-only", () => {
    it("accepts a local-only database route table and routes elsewhere", () => accepts(RULE, compliantPlan()));
    it("refuses a default route to an internet gateway", () => refuses(RULE, withResources(
        resource(ROUTE, "network-db-default", { destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1", routeTableId: "rtb-db" }, ["network-db-rt"])),
        "network-db-default", "leads to 0.0.0.0/0 through gatewayId igw-1 from the database route table network-db-rt"));
    it("refuses an IPv6 route to an egress-only gateway", () => refuses(RULE, withResources(
        resource(ROUTE, "network-db-ipv6", { destinationIpv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1", routeTableId: "rtb-db" }, ["network-db-rt"])),
        "network-db-ipv6", "to ::/0 through egressOnlyGatewayId eigw-1"));
    it("refuses a NAT route, a peering or a transit gateway to any destination", async () => {
        for (const [target, id] of [["natGatewayId", "nat-1"], ["vpcPeeringConnectionId", "pcx-1"], ["transitGatewayId", "tgw-1"]]) {
            await refuses(RULE, withResources(
                resource(ROUTE, "network-db-out", { destinationCidrBlock: "172.16.0.0/12", [target]: id, routeTableId: "rtb-db" }, ["network-db-rt"])),
                "network-db-out", `to 172.16.0.0/12 through ${target} ${id}`);
        }
    });
    it("finds the table through a database subnet's association when the table is not tagged", () => refuses(RULE,
        (() => {
            const plan = broken("network-db-rt", (i) => { delete i.tags.Tier; });
            plan.resources.push(resource(ROUTE, "network-db-default", { destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1", routeTableId: "rtb-db" }, ["network-db-rt"]));
            return plan;
        })(), "network-db-default", "from the database route table network-db-rt"));
    it("refuses an inline route on the database route table", () => refuses(RULE,
        broken("network-db-rt", (i) => { i.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }]; }),
        "network-db-rt", "has an inline route to 0.0.0.0/0 through gatewayId igw-1"));
    it("accepts an inline local route", () => accepts(RULE,
        broken("network-db-rt", (i) => { i.routes = [{ cidrBlock: "10.0.0.0/16", gatewayId: "local" }]; })));
});
