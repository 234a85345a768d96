// Assertions on reported violations: each names the level, the resource and a part of the reason.
import assert from "node:assert/strict";
import { PlanDocument } from "../offline/evaluate";
import { reported } from "./fixture";

/** The policy reports exactly one violation on the plan, on `resource`, whose reason contains `reason`. */
export async function refuses(policyName: string, plan: PlanDocument, resource: string, reason: string,
                              level: "mandatory" | "advisory" = "mandatory", config?: unknown): Promise<void> {
    const lines = await reported(policyName, plan, config);
    assert.equal(lines.length, 1, `${policyName} should report one violation, got:\n${lines.join("\n")}`);
    assert.ok(lines[0].startsWith(`${level} ${resource}: `), `expected a ${level} violation on ${resource}, got: ${lines[0]}`);
    assert.ok(lines[0].includes(reason), `expected the reason to mention "${reason}", got: ${lines[0]}`);
}

/** The policy reports nothing on the plan. */
export async function accepts(policyName: string, plan: PlanDocument, config?: unknown): Promise<void> {
    assert.deepEqual(await reported(policyName, plan, config), []);
}
