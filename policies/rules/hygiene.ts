// Hygiene: every resource says whose it is (tags), and sizes stay within what a stack is meant to cost.
import { ResourceValidationArgs } from "@pulumi/policy";
import { parseJson, Props, resourceRule } from "./common";
import { INSTANCE, LAUNCH_TEMPLATE } from "./servers";
import { DB_INSTANCE } from "./transit";
import { TAGGABLE_TYPES } from "./taggable-types";

/** The provider's default tags. Provider inputs arrive as strings, so defaultTags is a JSON document. */
function defaultTags(provider: ResourceValidationArgs["provider"]): Record<string, unknown> {
    if (!provider || !provider.type.startsWith("pulumi:providers:aws")) {
        return {};
    }
    const parsed = parseJson(provider.props.defaultTags);
    return parsed.ok && parsed.value?.tags && typeof parsed.value.tags === "object" ? parsed.value.tags : {};
}

export const requiredTags = resourceRule<{ requiredTags: string[] }>({
    name: "required-tags",
    description: "Every taggable resource carries the required tags, from the provider's default tags or its own (the seed design: Project, Stack, ManagedBy).",
    types: [...TAGGABLE_TYPES],
    settings: {
        requiredTags: {
            type: "array", items: { type: "string" }, default: ["Project", "Stack", "ManagedBy"],
            description: "Tag keys every taggable resource must have, with a non-empty value.",
        },
    },
    check(props: Props, report, { args, config }) {
        // The AWS provider merges its default tags under the resource's own; the resource's win.
        const tags: Record<string, unknown> = { ...defaultTags(args.provider), ...(props.tags ?? {}) };
        const missing = config.requiredTags.filter((key) => typeof tags[key] !== "string" || tags[key] === "");
        if (missing.length > 0) {
            report(`Missing tag(s) ${missing.join(", ")}: set them in the provider's defaultTags (or on the resource).`);
        }
    },
});

/**
 * An advisory cost guard: the size input (`property`) of `types` comes from the stack's allow-list, the setting
 * `setting` of the policy.
 */
function allowList(spec: { name: string; what: string; types: string[]; property: string; setting: string; defaults: string[] }) {
    return resourceRule<Record<string, string[]>>({
        name: spec.name,
        description: `${spec.what} come from the stack's allow-list (the seed design: cost guard); advisory.`,
        enforcementLevel: "advisory",
        types: spec.types,
        settings: {
            [spec.setting]: {
                type: "array", items: { type: "string" }, default: spec.defaults,
                description: `${spec.what} this stack may use.`,
            },
        },
        check(props, report, { config }) {
            const value = props[spec.property];
            const allowed = config[spec.setting];
            if (value !== undefined && !allowed.includes(value)) {
                report(`${spec.property} ${value} is not in this stack's allow-list (${allowed.join(", ")}).`);
            }
        },
    });
}

export const allowedInstanceTypes = allowList({
    name: "allowed-instance-types", what: "EC2 instance types", types: [INSTANCE, LAUNCH_TEMPLATE],
    property: "instanceType", setting: "instanceTypes", defaults: ["t3.micro", "t3.small", "t4g.micro", "t4g.small"],
});

export const allowedDbClasses = allowList({
    name: "allowed-db-instance-classes", what: "RDS instance classes", types: [DB_INSTANCE],
    property: "instanceClass", setting: "instanceClasses", defaults: ["db.t4g.micro", "db.t4g.small", "db.t3.micro", "db.t3.small"],
});

export const hygienePolicies = [requiredTags, allowedInstanceTypes, allowedDbClasses];
