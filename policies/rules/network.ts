// The network: the database subnets have no way out of the VPC. Their route table (tagged Tier=database, or the
// one the associations of subnets tagged Tier=database name) carries only the implicit local route.
import { PolicyResource } from "@pulumi/policy";
import { asList, label, ofType, Props, referredTo, stackRule } from "./common";

const SUBNET = "aws:ec2/subnet:Subnet";
const TABLE = "aws:ec2/routeTable:RouteTable";
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const DESTINATIONS = ["destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId", "cidrBlock", "ipv6CidrBlock"];
const TARGETS = ["gatewayId", "natGatewayId", "transitGatewayId", "vpcPeeringConnectionId", "egressOnlyGatewayId",
    "networkInterfaceId", "vpcEndpointId", "carrierGatewayId", "localGatewayId", "coreNetworkArn"];

const isDatabase = (r: PolicyResource) => r.props.tags?.Tier === "database";

/** The route tables of the database tier. */
export function databaseRouteTables(resources: PolicyResource[]): Set<PolicyResource> {
    const tables = ofType(resources, TABLE);
    const subnets = ofType(resources, SUBNET);
    const found = new Set(tables.filter(isDatabase));
    for (const association of ofType(resources, ASSOCIATION)) {
        const subnet = referredTo(association, "subnetId", subnets);
        const table = referredTo(association, "routeTableId", tables);
        if (subnet && table && isDatabase(subnet)) {
            found.add(table);
        }
    }
    return found;
}

/** "to 0.0.0.0/0 through gatewayId igw-1": every route but the implicit local one leads out of the VPC. */
function describe(route: Props): string {
    const destination = DESTINATIONS.find((d) => route[d] !== undefined && route[d] !== null);
    const target = TARGETS.find((t) => route[t] !== undefined && route[t] !== null && route[t] !== "");
    return `to ${destination ? route[destination] : "somewhere"} through ${target ? `${target} ${route[target]}` : "an unnamed target"}`;
}

export const databaseRoutesLocalOnly = stackRule({
    name: "database-routes-local-only",
    description: "The database subnets' route table has no route beyond the VPC's local one (the seed design: the database tier has no way out of the VPC).",
    check(resources, report) {
        const databaseTables = databaseRouteTables(resources);
        const tables = ofType(resources, TABLE);
        for (const route of ofType(resources, ROUTE)) {
            const table = referredTo(route, "routeTableId", tables);
            if (table && databaseTables.has(table)) {
                report(`${label(route)} leads ${describe(route.props)} from the database route table ${table.name}: the database subnets would get a way out of the VPC.`, route.urn);
            }
        }
        for (const table of databaseTables) {
            for (const route of asList<Props>(table.props.routes)) {
                if (route.gatewayId === "local") {
                    continue;
                }
                report(`${label(table)} has an inline route ${describe(route)}: the database subnets would get a way out of the VPC.`, table.urn);
            }
        }
    },
});

const GATEWAY = "aws:ec2/internetGateway:InternetGateway";

/** Whether a route goes to an internet gateway: by its id (igw-...) or the gateway resource it depends on. */
function toInternetGateway(route: Props, dependencies: PolicyResource[]): boolean {
    const gateway = route.gatewayId;
    return (typeof gateway === "string" && gateway.startsWith("igw-"))
        || ("gatewayId" in route && gateway !== "local" && dependencies.some((d) => d.type === GATEWAY));
}

export const privateSubnetsNoInternetRoute = stackRule({
    name: "private-subnets-no-internet-gateway",
    description: "Private subnets (Tier app or database) have no route to an internet gateway: their servers and databases are not on the internet (the seed design: private subnets).",
    check(resources, report) {
        const tables = ofType(resources, TABLE);
        const subnets = ofType(resources, SUBNET);
        const privateTables = new Map<PolicyResource, string>();
        for (const association of ofType(resources, ASSOCIATION)) {
            const subnet = referredTo(association, "subnetId", subnets);
            const table = referredTo(association, "routeTableId", tables);
            const tier = subnet?.props.tags?.Tier;
            if (subnet && table && tier !== undefined && tier !== "public") {
                privateTables.set(table, subnet.name);
            }
        }
        for (const route of ofType(resources, ROUTE)) {
            const table = referredTo(route, "routeTableId", tables);
            if (table && privateTables.has(table) && toInternetGateway(route.props, route.dependencies)) {
                report(`${label(route)} leads ${describe(route.props)} from ${table.name}, the route table of private subnet ${privateTables.get(table)}.`, route.urn);
            }
        }
        for (const [table, subnet] of privateTables) {
            for (const route of asList<Props>(table.props.routes).filter((r) => toInternetGateway(r, table.dependencies))) {
                report(`${label(table)} of private subnet ${subnet} has an inline route ${describe(route)}.`, table.urn);
            }
        }
    },
});

export const networkPolicies = [databaseRoutesLocalOnly, privateSubnetsNoInternetRoute];
