import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, resource, withResources } from "./fixture";

const admin = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

describe("no-admin-policy", () => {
    it("accepts named actions, even on \"*\"", () => accepts("no-admin-policy", compliantPlan()));
    it("refuses * on * in a role policy", () => refuses("no-admin-policy",
        broken("web-read-own-config", (i) => { i.policy = admin; }), "web-read-own-config", "Statement[0] allows every action"));
    it("refuses it in a list among other statements of a bucket policy", () => refuses("no-admin-policy",
        broken("edge-access-logs-policy", (i) => {
            i.policy = JSON.stringify({ Statement: [JSON.parse(i.policy).Statement[0], { Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: ["*"], Principal: "*" }] });
        }), "edge-access-logs-policy", "Statement[1]"));
    it("refuses a managed policy with *:*", () => refuses("no-admin-policy",
        withResources(resource("aws:iam/policy:Policy", "ops", { policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "*:*", Resource: "*" } }) })),
        "ops", "Statement[0]"));
    it("refuses an inline policy of a role", () => refuses("no-admin-policy",
        withResources(resource("aws:iam/role:Role", "ops-role", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "all", policy: admin }] })),
        "ops-role", "inlinePolicies[0] (all)"));
    it("accepts * on * when it is a Deny", () => accepts("no-admin-policy",
        broken("web-read-own-config", (i) => { i.policy = admin.replace("Allow", "Deny"); })));
    it("refuses a document that is not JSON", () => refuses("no-admin-policy",
        broken("web-read-own-config", (i) => { i.policy = "{not json"; }), "web-read-own-config", "not a readable JSON policy document"));
});
