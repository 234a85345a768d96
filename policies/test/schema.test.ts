// The plan document's JSON Schema (plans/schema/plan.schema.json) as the pack reads plans: the committed snapshots
// must match it, and so the pack can rely on their shape. The Java side (PlanDocumentTest) checks the same snapshots
// and freshly planned variants with another validator, so neither implementation's leniency goes unnoticed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import { PlanDocument } from "../offline/evaluate";

// dist/test/ -> policies/ -> the repository
const ROOT = join(__dirname, "..", "..", "..");
const schema = JSON.parse(readFileSync(join(ROOT, "plans", "schema", "plan.schema.json"), "utf8"));
// strict: a keyword ajv does not know (a typo in the schema) is an error, not silently ignored. Only the check that
// "required" names a property of the same subschema is off: if/then/else require properties defined beside them.
const validate = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true })
    .compile(schema);

function snapshot(stack: string): PlanDocument {
    return JSON.parse(readFileSync(join(ROOT, "plans", `${stack}.json`), "utf8")) as PlanDocument;
}

function errors(document: unknown): string[] {
    return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("plan document schema", () => {
    for (const stack of ["dev", "prod"]) {
        it(`accepts the committed snapshot plans/${stack}.json`, () => {
            const plan = snapshot(stack);
            assert.deepEqual(errors(plan), []);
            // The fields the schema makes optional are really there: every AWS resource was answered by the cloud.
            const answered = plan.resources.filter((r) => r.type.startsWith("aws:"));
            assert.ok(answered.length > 50);
            assert.ok(answered.every((r) => typeof r.id === "string" && r.outputs !== undefined));
        });
    }

    it("refuses a resource without a type", () => {
        const plan = snapshot("dev");
        delete (plan.resources[0] as Partial<PlanDocument["resources"][0]>).type;
        assert.ok(errors(plan).some((e) => e.includes("must have required property 'type'")), errors(plan).join("\n"));
    });

    it("refuses a field the document does not define", () => {
        const plan = { ...snapshot("dev"), resourcez: [] };
        assert.ok(errors(plan).some((e) => e.includes("must NOT have additional properties")), errors(plan).join("\n"));
    });

    it("refuses an id on a component, which the cloud never sees", () => {
        const plan = snapshot("dev");
        const component = plan.resources.find((r) => r.type.startsWith("secure-web-infra:"))!;
        component.id = "id-0123";
        assert.ok(errors(plan).some((e) => e.startsWith(`/resources/${plan.resources.indexOf(component)} must NOT be valid`)),
            errors(plan).join("\n"));
    });

    it("refuses an AWS resource without its id", () => {
        const plan = snapshot("prod");
        delete plan.resources.find((r) => r.type === "aws:rds/instance:Instance")!.id;
        assert.ok(errors(plan).some((e) => e.includes("must have required property 'id'")), errors(plan).join("\n"));
    });
});
