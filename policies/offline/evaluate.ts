// Runs the pack's resource and stack policies on an offline plan the way the engine's analyzer runs them:
// disabled policies are skipped, "remediate" reports as mandatory, a policy that reads an unknown value is not
// run for that resource and leaves an advisory note instead, and notApplicable() skips quietly.
import {
    EnforcementLevel,
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { recordIdentity } from "../rules/common";
import { isUnknownValueError, unknownCheckingProxy, UNKNOWN_STRING } from "../rules/unknowns";
import { EffectivePolicyConfig } from "./config";

/** A plan as `./plan STACK --json` writes it (docs/plan-format.md; schema in plans/schema/plan.schema.json). */
export interface PlanDocument {
    project: string;
    stack: string;
    resources: PlanResource[];
    outputs?: Record<string, unknown>;
}

export interface PlanResource {
    type: string;
    name: string;
    parent: string | null;
    inputs: Record<string, unknown>;
    dependsOn: string[];
    protect?: boolean;
    ignoreChanges?: string[];
    /** The id the cloud gave it; absent for a component resource. Policies see inputs only, as in a preview. */
    id?: string;
    /** What the cloud computed for it (arn, name, dnsName...); absent for a component resource. */
    outputs?: Record<string, unknown>;
}

export interface Violation {
    policyName: string;
    enforcementLevel: "advisory" | "mandatory";
    /** The policy's description, then the reason, as the engine joins them. */
    message: string;
    resource?: { type: string; name: string };
}

// How the offline plan shows values the engine would not hand over as known plain data.
const MASKED = ["[secret]", "[unknown]"];

/** Inputs with masked values turned into the engine's unknown marker, so policies cannot mistake them for data. */
function unmask(value: unknown): unknown {
    if (typeof value === "string") {
        return MASKED.includes(value) ? UNKNOWN_STRING : value;
    }
    if (Array.isArray(value)) {
        return value.map(unmask);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unmask(v)]));
    }
    return value;
}

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "Policy does not apply");
}

interface Subject {
    plan: PlanResource;
    urn: string;
    props: Record<string, any>;
    opts: PolicyResourceOptions;
}

function urns(plan: PlanDocument): Map<string, string> {
    const byName = new Map(plan.resources.map((r) => [r.name, r]));
    const qualified = (r: PlanResource): string => {
        const parent = r.parent ? byName.get(r.parent) : undefined;
        return parent ? `${qualified(parent)}$${r.type}` : r.type;
    };
    return new Map(plan.resources.map((r) => [r.name, `urn:pulumi:${plan.stack}::${plan.project}::${qualified(r)}::${r.name}`]));
}

function subjects(plan: PlanDocument): Subject[] {
    const urnOf = urns(plan);
    return plan.resources.map((r) => ({
        plan: r,
        urn: urnOf.get(r.name)!,
        props: unknownCheckingProxy(unmask(r.inputs) as Record<string, any>),
        opts: {
            protect: r.protect === true,
            ignoreChanges: r.ignoreChanges ?? [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            parent: r.parent ? urnOf.get(r.parent) : undefined,
        },
    }));
}

/**
 * The plan records no provider per resource. With a single AWS provider in the plan, every AWS resource uses it
 * (the program creates one explicit provider for all); with several, none is assumed.
 */
function awsProvider(all: Subject[]): ResourceValidationArgs["provider"] {
    const providers = all.filter((s) => s.plan.type === "pulumi:providers:aws");
    if (providers.length !== 1) {
        return undefined;
    }
    const p = providers[0];
    return { type: p.plan.type, name: p.plan.name, urn: p.urn, props: p.props };
}

const isResourcePolicy = (p: unknown): p is ResourceValidationPolicy => (p as ResourceValidationPolicy).validateResource !== undefined;
const isStackPolicy = (p: unknown): p is StackValidationPolicy => (p as StackValidationPolicy).validateStack !== undefined;

function reportedLevel(level: EnforcementLevel): "advisory" | "mandatory" {
    return level === "advisory" ? "advisory" : "mandatory";
}

export async function evaluate(plan: PlanDocument, policies: Policies, config: Map<string, EffectivePolicyConfig>,
                               packLabel: string): Promise<Violation[]> {
    const all = subjects(plan);
    const provider = awsProvider(all);
    const byUrn = new Map(all.map((s) => [s.urn, s]));
    const violations: Violation[] = [];

    const unknownNote = (policyName: string, error: Error, subject?: Subject) => violations.push({
        policyName,
        enforcementLevel: "advisory",
        message: `can't run policy '${policyName}' from policy pack ${packLabel} during preview: ${error.message}`,
        resource: subject ? { type: subject.plan.type, name: subject.plan.name } : undefined,
    });

    for (const policy of policies) {
        const effective = config.get(policy.name)!;
        if (effective.enforcementLevel === "disabled") {
            continue;
        }
        const level = reportedLevel(effective.enforcementLevel);
        const reporterFor = (fallback?: Subject) => (message: string, urn?: string) => {
            const subject = (urn ? byUrn.get(urn) : undefined) ?? fallback;
            violations.push({
                policyName: policy.name,
                enforcementLevel: level,
                message: message ? `${policy.description}\n${message}` : policy.description,
                resource: subject ? { type: subject.plan.type, name: subject.plan.name } : undefined,
            });
        };
        const getConfig = <T extends object>() => ({ ...effective.settings }) as T;

        if (isResourcePolicy(policy)) {
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
            for (const subject of all) {
                for (const validate of validations) {
                    const args: ResourceValidationArgs = {
                        type: subject.plan.type,
                        name: subject.plan.name,
                        urn: subject.urn,
                        props: subject.props,
                        opts: subject.opts,
                        provider: subject.plan.type.startsWith("aws:") ? provider : undefined,
                        stackTags: new Map(),
                        // The pack's rules match type tokens; the offline run loads no resource classes to compare.
                        isType: () => false,
                        asType: () => undefined,
                        getConfig,
                        notApplicable,
                    };
                    try {
                        await validate(args, reporterFor(subject));
                    } catch (e) {
                        if (isUnknownValueError(e)) {
                            unknownNote(policy.name, e as Error, subject);
                        } else if (!(e instanceof NotApplicable)) {
                            throw new Error(`policy '${policy.name}' failed on ${subject.plan.type} ${subject.plan.name}: ${(e as Error).stack ?? e}`);
                        }
                    }
                }
            }
        } else if (isStackPolicy(policy)) {
            const resources = stackResources(all);
            try {
                await policy.validateStack({ resources, stackTags: new Map(), getConfig, notApplicable }, reporterFor());
            } catch (e) {
                if (isUnknownValueError(e)) {
                    unknownNote(policy.name, e as Error);
                } else if (!(e instanceof NotApplicable)) {
                    throw new Error(`policy '${policy.name}' failed: ${(e as Error).stack ?? e}`);
                }
            }
        }
    }
    return violations;
}

/** The stack as validateStack sees it: parents and dependencies resolved to resources. */
function stackResources(all: Subject[]): PolicyResource[] {
    const byName = new Map<string, PolicyResource>();
    const resources = all.map((s) => {
        const resource: PolicyResource = {
            type: s.plan.type,
            name: s.plan.name,
            urn: s.urn,
            props: s.props,
            opts: s.opts,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byName.set(s.plan.name, resource);
        // A reference is resolved by the id and outputs the plan recorded, not guessed from dependencies.
        const outputs = Object.values(s.plan.outputs ?? {})
            .filter((v): v is string => typeof v === "string" && !MASKED.includes(v));
        recordIdentity(resource, s.plan.id === undefined ? outputs : [s.plan.id, ...outputs]);
        return resource;
    });
    all.forEach((s, i) => {
        const resource = resources[i];
        resource.parent = s.plan.parent ? byName.get(s.plan.parent) : undefined;
        resource.dependencies = (s.plan.dependsOn ?? []).map((d) => byName.get(d)).filter((d): d is PolicyResource => d !== undefined);
    });
    return resources;
}
