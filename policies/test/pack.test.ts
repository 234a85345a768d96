import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { resolveConfig } from "../offline/config";
import { policies } from "../rules";
import { compliantPlan, violations } from "./fixture";

const CONTROL = /\((?:[^()]*\b(?:FSBP [A-Z0-9]+\.\d+|CIS AWS Foundations [\d.]+|the seed design)\b[^()]*)\)/;
const packConfig = (stack: string) => JSON.parse(readFileSync(join(__dirname, "..", "..", "config", `${stack}.json`), "utf8"));

describe("the pack", () => {
    it("has uniquely named policies, none named all", () => {
        const names = policies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        assert.ok(!names.includes("all"));
    });
    it("names the control of every policy in its one-line description", () => {
        for (const policy of policies) {
            assert.match(policy.description, CONTROL, policy.name);
            assert.ok(!policy.description.includes("\n"), policy.name);
        }
    });
    it("keeps the compliant plan free of violations of any level", async () => {
        assert.deepEqual(await violations(compliantPlan()), []);
    });
    for (const stack of ["dev", "prod"]) {
        it(`accepts the ${stack} pack config`, () => {
            assert.doesNotThrow(() => resolveConfig(policies, "mandatory", packConfig(stack)));
        });
    }
    it("makes availability and deletion safeguards mandatory in prod only", () => {
        const dev = resolveConfig(policies, "mandatory", packConfig("dev"));
        const prod = resolveConfig(policies, "mandatory", packConfig("prod"));
        for (const name of ["rds-multi-az", "rds-deletion-protection"]) {
            assert.equal(dev.get(name)!.enforcementLevel, "advisory");
            assert.equal(prod.get(name)!.enforcementLevel, "mandatory");
        }
        assert.equal(dev.get("rds-backup-retention")!.settings.minimumDays, 1);
        assert.equal(prod.get("rds-backup-retention")!.settings.minimumDays, 7);
    });
});

describe("pack config", () => {
    const levelOf = (config: unknown, name: string) => resolveConfig(policies, "mandatory", config).get(name)!.enforcementLevel;
    it("uses each policy's own level by default", () => {
        assert.equal(levelOf(undefined, "no-key-pair"), "advisory");
        assert.equal(levelOf(undefined, "imdsv2-required"), "mandatory");
    });
    it("lets all override every policy, and a policy's entry override all", () => {
        assert.equal(levelOf({ all: "advisory" }, "imdsv2-required"), "advisory");
        assert.equal(levelOf({ all: "advisory", "imdsv2-required": "mandatory" }, "imdsv2-required"), "mandatory");
        assert.equal(levelOf({ all: { enforcementLevel: "disabled" }, "no-key-pair": { enforcementLevel: "mandatory" } }, "no-key-pair"), "mandatory");
    });
    it("refuses unknown policies, settings, levels and wrong types, naming each", () => {
        assert.throws(() => resolveConfig(policies, "mandatory", {
            "imdsv2-requird": "mandatory",
            "rds-backup-retention": { minimumDays: 0, days: 7 },
            "no-key-pair": "blocking",
            "allowed-instance-types": { instanceTypes: "t3.micro" },
        }), (e: Error) => {
            assert.match(e.message, /5 problems/);
            assert.match(e.message, /"imdsv2-requird" is not a policy of this pack/);
            assert.match(e.message, /rds-backup-retention.minimumDays = 0: must be at least 1/);
            assert.match(e.message, /rds-backup-retention.days is not a setting of this policy; its settings are: minimumDays/);
            assert.match(e.message, /no-key-pair enforcementLevel = "blocking": must be one of advisory, mandatory, remediate, disabled/);
            assert.match(e.message, /allowed-instance-types.instanceTypes = "t3.micro": must be of type array/);
            return true;
        });
    });
});

describe("evaluation", () => {
    it("skips disabled policies and reports remediate as mandatory", async () => {
        const plan = compliantPlan();
        plan.resources.find((r) => r.name === "web-1")!.inputs.metadataOptions = { httpTokens: "optional" };
        assert.deepEqual((await violations(plan, { "imdsv2-required": "disabled" })).map((v) => v.policyName), []);
        assert.deepEqual((await violations(plan, { "imdsv2-required": "remediate" })).map((v) => v.enforcementLevel), ["mandatory"]);
    });
});
