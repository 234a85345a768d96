// Building blocks shared by the rule modules: policy factories with typed settings, and readers for the ways
// Pulumi hands over inputs (booleans as "true"/"false" strings, JSON documents as strings).
import {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isUnknownValueError } from "./unknowns";

export type Props = Record<string, any>;

/** A policy setting: its JSON schema, whose `default` is the value used when the pack config leaves it out. */
export type Setting = PolicyConfigJSONSchema & { default: unknown };
export type Settings = Record<string, Setting>;

interface RuleSpec<S> {
    name: string;
    /** One line, naming the control the rule comes from. */
    description: string;
    enforcementLevel?: EnforcementLevel;
    settings?: { [K in keyof S]: Setting };
}

export interface ResourceRuleSpec<S> extends RuleSpec<S> {
    /** The resource types the rule reads; every other type is left alone. */
    types: readonly string[];
    check(props: Props, report: (message: string) => void, context: { args: ResourceValidationArgs; config: S }): void;
}

export interface StackRuleSpec<S> extends RuleSpec<S> {
    check(resources: PolicyResource[], report: ReportViolation, context: { args: StackValidationArgs; config: S }): void;
}

function schemaOf(settings: Settings | undefined): PolicyConfigSchema | undefined {
    if (!settings) {
        return undefined;
    }
    const properties: Record<string, PolicyConfigJSONSchema> = {};
    for (const [key, setting] of Object.entries(settings)) {
        properties[key] = setting;
    }
    return { properties };
}

/** The policy's settings: the pack config's values over the schema defaults (the engine may not fill them in). */
function configOf<S>(settings: Settings | undefined, given: object): S {
    const config: Record<string, unknown> = {};
    for (const [key, setting] of Object.entries(settings ?? {})) {
        config[key] = setting.default;
    }
    return { ...config, ...given } as S;
}

/** What resource and stack policies share: name, description, level, and the settings with their schema. */
function basics<S>(spec: RuleSpec<S>) {
    const settings = spec.settings as Settings | undefined;
    return {
        policy: {
            name: spec.name,
            description: spec.description,
            enforcementLevel: spec.enforcementLevel ?? "mandatory",
            configSchema: schemaOf(settings),
        },
        configOf: (given: object) => configOf<S>(settings, given),
    };
}

export function resourceRule<S = Record<string, never>>(spec: ResourceRuleSpec<S>): ResourceValidationPolicy {
    const { policy, configOf } = basics(spec);
    return {
        ...policy,
        validateResource: (args, reportViolation) => {
            if (spec.types.includes(args.type)) {
                spec.check(args.props, (message) => reportViolation(message), { args, config: configOf(args.getConfig()) });
            }
        },
    };
}

export function stackRule<S = Record<string, never>>(spec: StackRuleSpec<S>): StackValidationPolicy {
    const { policy, configOf } = basics(spec);
    return {
        ...policy,
        validateStack: (args, reportViolation) => spec.check(args.resources, reportViolation, { args, config: configOf(args.getConfig()) }),
    };
}

/** Pulumi AWS has booleans that are strings in its schema (launch templates): both forms count. */
export function isTrue(value: unknown): boolean {
    return value === true || value === "true";
}

export function asList<T = any>(value: unknown): T[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? (value as T[]) : [value as T];
}

/** A JSON document that arrives as a string (policy documents, provider inputs) or already parsed. */
export function parseJson(value: unknown): { ok: true; value: any } | { ok: false; error: string } {
    if (typeof value !== "string") {
        return { ok: true, value };
    }
    try {
        return { ok: true, value: JSON.parse(value) };
    } catch (e) {
        return { ok: false, error: (e as Error).message };
    }
}

/** A readable label for messages: `type name`. */
export function label(resource: PolicyResource): string {
    return `${resource.type} ${resource.name}`;
}

export function ofType(resources: PolicyResource[], ...types: string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/**
 * Reads a value that may be unknown (computed during a preview). Used only where an unknown value has a fallback,
 * such as matching by id before matching by dependency; everywhere else an unknown value stops the policy, as the
 * engine intends.
 */
export function knownOrUndefined<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) {
            return undefined;
        }
        throw e;
    }
}

/**
 * Whether a string input is given. A value that is not known yet during a preview (a name or ARN another new
 * resource will have) counts as given: it will be one.
 */
export function isGiven(props: Props | undefined, key: string): boolean {
    if (props === undefined || props === null || !(key in props)) {
        return false;
    }
    const value = knownOrUndefined(() => props[key]);
    return value === undefined || (typeof value === "string" && value !== "");
}

const IDENTITY_PROPS = ["id", "arn", "name", "identifier", "bucket"];

/**
 * The id and computed outputs (ARN, name...) a plan recorded for each resource. The offline run fills it from the
 * plan document, so that a reference is resolved by its value; under the engine, where a policy sees inputs only and a
 * new resource's id is unknown, it stays empty and references fall back to the engine's dependencies.
 */
const recordedIdentities = new WeakMap<PolicyResource, string[]>();

export function recordIdentity(resource: PolicyResource, values: string[]): void {
    recordedIdentities.set(resource, values.filter((v) => v !== ""));
}

function identifiedBy(candidate: PolicyResource, value: string): boolean {
    return (recordedIdentities.get(candidate) ?? []).includes(value)
        || IDENTITY_PROPS.some((p) => knownOrUndefined(() => candidate.props[p]) === value);
}

/**
 * The resource among `candidates` that `resource.props[property]` refers to. Three ways, in order: the value equals a
 * candidate's id, ARN, name, identifier or bucket (recorded by the offline plan, or known after an update); the
 * engine's property dependencies; or
 * the only candidate among the resource's dependencies (the offline plan records dependencies per resource).
 */
export function referredTo(resource: PolicyResource, property: string, candidates: PolicyResource[]): PolicyResource | undefined {
    const value = knownOrUndefined(() => resource.props[property]);
    if (typeof value === "string" && value !== "") {
        const byValue = candidates.find((c) => identifiedBy(c, value));
        if (byValue) {
            return byValue;
        }
    }
    const byProperty = (resource.propertyDependencies?.[property] ?? []).filter((d) => candidates.includes(d));
    if (byProperty.length > 0) {
        return byProperty[0];
    }
    const byDependency = resource.dependencies.filter((d) => candidates.includes(d));
    return byDependency.length === 1 ? byDependency[0] : undefined;
}

/** Every resource among `candidates` that one of `values` (ids, names) refers to, or that the resource depends on. */
export function referredToAll(resource: PolicyResource, property: string, candidates: PolicyResource[]): PolicyResource[] {
    const values = asList(knownOrUndefined(() => resource.props[property]));
    const found = new Set<PolicyResource>();
    for (const c of candidates) {
        if (values.some((v) => typeof v === "string" && identifiedBy(c, v))) {
            found.add(c);
        }
    }
    for (const d of resource.propertyDependencies?.[property] ?? []) {
        if (candidates.includes(d)) {
            found.add(d);
        }
    }
    for (const d of resource.dependencies) {
        if (candidates.includes(d)) {
            found.add(d);
        }
    }
    return [...found];
}
