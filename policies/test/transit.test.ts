import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan } from "./fixture";

describe("https-listener-tls12", () => {
    it("accepts a TLS 1.2+ policy with a certificate", () => accepts("https-listener-tls12", compliantPlan()));
    it("refuses a policy that allows TLS 1.0", () => refuses("https-listener-tls12",
        broken("edge-https", (i) => { i.sslPolicy = "ELBSecurityPolicy-2016-08"; }), "edge-https", "\"ELBSecurityPolicy-2016-08\" is not a TLS 1.2+ policy"));
    it("refuses a listener without a policy", () => refuses("https-listener-tls12",
        broken("edge-https", (i) => { delete i.sslPolicy; }), "edge-https", "not set"));
    it("accepts a certificate whose ARN is not known yet, as in a preview", () => accepts("https-listener-tls12",
        broken("edge-https", (i) => { i.certificateArn = "[unknown]"; })));
    it("refuses a listener without a certificate", () => refuses("https-listener-tls12",
        broken("edge-https", (i) => { delete i.certificateArn; }), "edge-https", "no certificateArn"));
});

describe("http-redirects-to-https", () => {
    it("accepts an HTTP listener that redirects", () => accepts("http-redirects-to-https", compliantPlan()));
    it("refuses an HTTP listener that forwards", () => refuses("http-redirects-to-https",
        broken("edge-http-redirect", (i) => { i.defaultActions = [{ type: "forward", targetGroupArn: "arn:tg" }]; }), "edge-http-redirect", "forward"));
    it("refuses a redirect to plain HTTP", () => refuses("http-redirects-to-https",
        broken("edge-http-redirect", (i) => { i.defaultActions[0].redirect.protocol = "HTTP"; }), "edge-http-redirect", "only redirect to HTTPS"));
});

describe("alb-drop-invalid-headers", () => {
    it("accepts a load balancer that drops invalid headers", () => accepts("alb-drop-invalid-headers", compliantPlan()));
    it("accepts the string spelling \"true\"", () => accepts("alb-drop-invalid-headers",
        broken("edge-alb", (i) => { i.dropInvalidHeaderFields = "true"; })));
    it("accepts a network load balancer, which has no HTTP headers", () => accepts("alb-drop-invalid-headers",
        broken("edge-alb", (i) => { i.loadBalancerType = "network"; delete i.dropInvalidHeaderFields; })));
    it("refuses dropInvalidHeaderFields false", () => refuses("alb-drop-invalid-headers",
        broken("edge-alb", (i) => { i.dropInvalidHeaderFields = false; }), "edge-alb", "dropInvalidHeaderFields is not true"));
    it("refuses the provider's default (not set)", () => refuses("alb-drop-invalid-headers",
        broken("edge-alb", (i) => { delete i.dropInvalidHeaderFields; }), "edge-alb", "malformed HTTP headers"));
});

describe("target-groups-https", () => {
    it("accepts HTTPS targets and health checks", () => accepts("target-groups-https", compliantPlan()));
    it("refuses an HTTP target group", () => refuses("target-groups-https",
        broken("edge-web-https", (i) => { i.protocol = "HTTP"; }), "edge-web-https", "protocol is HTTP"));
    it("refuses HTTP health checks", () => refuses("target-groups-https",
        broken("edge-web-https", (i) => { i.healthCheck.protocol = "HTTP"; }), "edge-web-https", "healthCheck.protocol is HTTP"));
});

describe("rds-parameter-group-requires-tls", () => {
    it("accepts require_secure_transport = 1", () => accepts("rds-parameter-group-requires-tls", compliantPlan()));
    it("refuses require_secure_transport = 0", () => refuses("rds-parameter-group-requires-tls",
        broken("database-params", (i) => { i.parameters[0].value = "0"; }), "database-params", "require_secure_transport = 1"));
    it("refuses a MySQL group that does not set it", () => refuses("rds-parameter-group-requires-tls",
        broken("database-params", (i) => { i.parameters = []; }), "database-params", "mysql8.0"));
});

describe("mysql-instances-require-tls", () => {
    it("accepts primary and replica on the TLS group", () => accepts("mysql-instances-require-tls", compliantPlan()));
    it("refuses a replica on the default group, knowing its engine from its source", () => refuses("mysql-instances-require-tls",
        broken("database-replica", (i) => { delete i.parameterGroupName; }), "database-replica", "default parameter group"));
    it("refuses a primary whose group does not require TLS", () => {
        const plan = broken("database-params", (i) => { i.parameters = [{ name: "slow_query_log", value: "1" }]; });
        return refuses("mysql-instances-require-tls", { ...plan, resources: plan.resources.filter((r) => r.name !== "database-replica") },
            "database-primary", "does not set require_secure_transport");
    });
    it("finds the group by dependency while its name is unknown, as in a preview", () => accepts("mysql-instances-require-tls",
        broken("database-replica", (i) => { i.parameterGroupName = "[unknown]"; i.replicateSourceDb = "[unknown]"; })));
    it("refuses a group from outside the stack", () => refuses("mysql-instances-require-tls",
        { ...compliantPlan(), resources: compliantPlan().resources.filter((r) => !["database-params", "database-replica"].includes(r.name)) },
        "database-primary", "not in this stack"));
});
