import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, find, reported } from "./fixture";

describe("required-tags", () => {
    it("accepts tags that come from the provider's default tags", () => accepts("required-tags", compliantPlan()));
    it("refuses every taggable resource when the provider sets no default tags", async () => {
        const plan = compliantPlan();
        delete find(plan, "aws").inputs.defaultTags;
        plan.resources = plan.resources.filter((r) => ["aws", "web-1", "database-params", "web-read-own-config"].includes(r.name));
        // The provider and the role policy take no tags; the instance and the parameter group do.
        assert.deepEqual(await reported("required-tags", plan), [
            "mandatory web-1: Missing tag(s) Project, Stack, ManagedBy: set them in the provider's defaultTags (or on the resource).",
            "mandatory database-params: Missing tag(s) Project, Stack, ManagedBy: set them in the provider's defaultTags (or on the resource).",
        ]);
    });
    it("accepts a resource that sets the tags itself", () => {
        const plan = compliantPlan();
        delete find(plan, "aws").inputs.defaultTags;
        plan.resources = plan.resources.filter((r) => r.name === "aws" || r.name === "web-1");
        find(plan, "web-1").inputs.tags = { Project: "p", Stack: "s", ManagedBy: "pulumi" };
        return accepts("required-tags", plan);
    });
    it("refuses an empty tag that overrides the default", () => refuses("required-tags",
        broken("web-1", (i) => { i.tags.Stack = ""; }), "web-1", "Missing tag(s) Stack"));
    it("takes the required keys from the pack config", () => refuses("required-tags",
        { ...compliantPlan(), resources: compliantPlan().resources.filter((r) => ["aws", "edge-alb"].includes(r.name)) },
        "edge-alb", "Missing tag(s) CostCenter", "mandatory", { "required-tags": { requiredTags: ["Project", "CostCenter"] } }));
});

describe("allowed-instance-types", () => {
    it("accepts an allowed type", () => accepts("allowed-instance-types", compliantPlan()));
    it("warns about a type outside the allow-list", () => refuses("allowed-instance-types",
        broken("web-1", (i) => { i.instanceType = "p5.48xlarge"; }), "web-1", "p5.48xlarge", "advisory"));
    it("takes the allow-list from the stack's config", () => refuses("allowed-instance-types",
        broken("web-template", (i) => { i.instanceType = "m7g.large"; }), "web-1", "t3.micro", "advisory",
        { "allowed-instance-types": { instanceTypes: ["m7g.large"] } }));
});

describe("allowed-db-instance-classes", () => {
    it("accepts an allowed class", () => accepts("allowed-db-instance-classes", compliantPlan()));
    it("warns about a class outside the allow-list", () => refuses("allowed-db-instance-classes",
        broken("database-replica", (i) => { i.instanceClass = "db.x2g.16xlarge"; }), "database-replica", "db.x2g.16xlarge", "advisory"));
});
