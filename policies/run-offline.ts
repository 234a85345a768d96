// The policy pack without the Pulumi engine: evaluates every rule on a plan written by `./plan STACK --json FILE`.
//   node policies/dist/run-offline.js PLAN.json [--config policies/config/STACK.json] [--json]
// --json prints one JSON document on standard output instead of the text report, for tools (./plan diff) that
// compare the violations of two plans: {pack, version, stack, violations: [{policyName, enforcementLevel,
// message, resource: {type, name}}]}.
// Exit codes: 0 no mandatory violation, 1 at least one, 2 a bad argument, plan or pack config.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PackConfigError, resolveConfig } from "./offline/config";
import { evaluate, PlanDocument, Violation } from "./offline/evaluate";
import { PACK_NAME, policies } from "./rules";

const USAGE = "usage: node policies/dist/run-offline.js PLAN.json [--config CONFIG.json] [--json]";

class UsageError extends Error {}

function parseArgs(argv: string[]): { plan: string; config?: string; json: boolean } {
    let plan: string | undefined;
    let config: string | undefined;
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--json") {
            json = true;
        } else if (arg === "--config") {
            config = argv[++i];
            if (config === undefined) {
                throw new UsageError("--config needs a file");
            }
        } else if (arg.startsWith("-")) {
            throw new UsageError(`unknown option ${arg}`);
        } else if (plan === undefined) {
            plan = arg;
        } else {
            throw new UsageError(`unexpected argument ${arg}`);
        }
    }
    if (plan === undefined) {
        throw new UsageError("no plan file given");
    }
    return { plan, config, json };
}

function readJson(file: string, what: string): unknown {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`cannot read the ${what} ${file}: ${(e as Error).message}`);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new UsageError(`the ${what} ${file} is not JSON: ${(e as Error).message}`);
    }
}

function checkPlan(value: unknown, file: string): PlanDocument {
    const plan = value as PlanDocument;
    if (typeof plan !== "object" || plan === null || typeof plan.stack !== "string" || !Array.isArray(plan.resources)) {
        throw new UsageError(`${file} is not a plan: expected {project, stack, resources: [...]} as ./plan --json writes`);
    }
    return plan;
}

function packVersion(): string {
    const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    return manifest.version;
}

/** The violations as `pulumi preview` lists them: level, pack, policy, resource, then the message lines. */
function format(violations: Violation[], packLabel: string): string {
    const lines: string[] = [];
    for (const v of violations) {
        const where = v.resource ? ` (${v.resource.type}: ${v.resource.name})` : "";
        lines.push(`    [${v.enforcementLevel}]  ${packLabel}  ${v.policyName}${where}`);
        for (const line of v.message.split("\n")) {
            lines.push(`    ${line}`);
        }
    }
    return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
    const args = parseArgs(argv);
    const plan = checkPlan(readJson(args.plan, "plan"), args.plan);
    const config = resolveConfig(policies, "mandatory", args.config ? readJson(args.config, "pack config") : undefined);
    const version = packVersion();
    const violations = await evaluate(plan, policies, config, `'${PACK_NAME}@v${version}'`);
    // Mandatory first, so that what blocks the change leads the list.
    const ordered = [...violations.filter((v) => v.enforcementLevel === "mandatory"),
        ...violations.filter((v) => v.enforcementLevel === "advisory")];
    const mandatory = ordered.filter((v) => v.enforcementLevel === "mandatory").length;
    const enabled = [...config.values()].filter((c) => c.enforcementLevel !== "disabled").length;
    if (args.json) {
        // Machine-readable: every violation, advisory ones included; the exit code is the same as the text report's.
        console.log(JSON.stringify({ pack: PACK_NAME, version, stack: plan.stack, policies: enabled, violations: ordered }));
        return mandatory > 0 ? 1 : 0;
    }
    if (ordered.length > 0) {
        console.log("Policy Violations:");
        console.log(format(ordered, `${PACK_NAME} v${version}`));
    }
    console.log(`policy pack ${PACK_NAME} v${version} on stack ${plan.stack} (${args.plan}): ${enabled} policies on `
        + `${plan.resources.length} resources, ${mandatory} mandatory and ${ordered.length - mandatory} advisory violations`);
    return mandatory > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (e: unknown) => {
    if (e instanceof UsageError) {
        console.error(`error: ${e.message}\n${USAGE}`);
        process.exitCode = 2;
    } else if (e instanceof PackConfigError) {
        console.error(`error: ${e.message}`);
        process.exitCode = 2;
    } else {
        console.error(`error: ${(e as Error).stack ?? e}`);
        process.exitCode = 1;
    }
});
