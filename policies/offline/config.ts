// The pack config as `pulumi preview --policy-pack-config FILE` applies it: for each policy, its enforcement level
// (the policy's own, else the pack's), overridden by "all", overridden by the policy's entry; and its settings,
// the schema defaults overridden by the policy's entry. Unlike the engine, unknown policy names and settings are
// refused, so that a typo in a stack's config cannot silently keep a rule at its default.
import { EnforcementLevel, Policies, Policy } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export interface EffectivePolicyConfig {
    enforcementLevel: EnforcementLevel;
    settings: Record<string, unknown>;
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PackConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid policy pack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n`
            + problems.map((p) => `  - ${p}`).join("\n"));
    }
}

function levelOf(entry: unknown, where: string, problems: string[]): EnforcementLevel | undefined {
    const level = typeof entry === "string" ? entry : (entry as { enforcementLevel?: unknown } | undefined)?.enforcementLevel;
    if (level === undefined) {
        return undefined;
    }
    if (typeof level !== "string" || !LEVELS.includes(level as EnforcementLevel)) {
        problems.push(`${where} enforcementLevel = ${JSON.stringify(level)}: must be one of ${LEVELS.join(", ")}`);
        return undefined;
    }
    return level as EnforcementLevel;
}

/** The few JSON schema keywords the pack's settings use. */
function schemaProblems(value: unknown, schema: PolicyConfigJSONSchema, where: string): string[] {
    const type = schema.type;
    const is = (t: string): boolean => {
        switch (t) {
            case "array": return Array.isArray(value);
            case "integer": return Number.isInteger(value);
            case "number": return typeof value === "number";
            case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
            case "null": return value === null;
            default: return typeof value === t;
        }
    };
    if (typeof type === "string" && !is(type)) {
        return [`${where} = ${JSON.stringify(value)}: must be of type ${type}`];
    }
    const problems: string[] = [];
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(`${where} = ${JSON.stringify(value)}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) {
        problems.push(`${where} = ${value}: must be at least ${schema.minimum}`);
    }
    if (typeof value === "number" && schema.maximum !== undefined && value > schema.maximum) {
        problems.push(`${where} = ${value}: must be at most ${schema.maximum}`);
    }
    if (Array.isArray(value) && schema.items && typeof schema.items === "object" && !Array.isArray(schema.items)) {
        value.forEach((item, i) => problems.push(...schemaProblems(item, schema.items as PolicyConfigJSONSchema, `${where}[${i}]`)));
    }
    return problems;
}

/**
 * The effective config of every policy.
 * @param packLevel the PolicyPack's own enforcementLevel
 * @param config    the parsed --policy-pack-config document, or undefined
 */
export function resolveConfig(policies: Policies, packLevel: EnforcementLevel, config: unknown): Map<string, EffectivePolicyConfig> {
    const problems: string[] = [];
    const entries: Record<string, unknown> = config === undefined ? {} : (config as Record<string, unknown>);
    if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
        throw new PackConfigError(["the config must be a JSON object of policy names"]);
    }
    const names = new Set(policies.map((p) => p.name));
    for (const key of Object.keys(entries)) {
        if (key !== "all" && !names.has(key)) {
            problems.push(`"${key}" is not a policy of this pack (a typo?); the policies are: ${[...names].sort().join(", ")}`);
        }
    }
    const all = levelOf(entries.all, "all", problems);
    const result = new Map<string, EffectivePolicyConfig>();
    for (const policy of policies as Policy[]) {
        const entry = entries[policy.name];
        const properties = policy.configSchema?.properties ?? {};
        const settings: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(properties)) {
            if (schema.default !== undefined) {
                settings[key] = schema.default;
            }
        }
        if (entry !== undefined && typeof entry !== "string") {
            if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
                problems.push(`${policy.name}: must be an enforcement level or an object of settings`);
            } else {
                for (const [key, value] of Object.entries(entry)) {
                    if (key === "enforcementLevel") {
                        continue;
                    }
                    if (!(key in properties)) {
                        const known = Object.keys(properties);
                        problems.push(`${policy.name}.${key} is not a setting of this policy; ${known.length ? `its settings are: ${known.join(", ")}` : "it has none"}`);
                        continue;
                    }
                    problems.push(...schemaProblems(value, properties[key], `${policy.name}.${key}`));
                    settings[key] = value;
                }
            }
        }
        const level = levelOf(entry, policy.name, problems) ?? all ?? policy.enforcementLevel ?? packLevel;
        result.set(policy.name, { enforcementLevel: level, settings });
    }
    if (problems.length > 0) {
        throw new PackConfigError(problems);
    }
    return result;
}
