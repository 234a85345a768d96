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

export const allowedInstanceTypes = resourceRule<{ instanceTypes: string[] }>({
    name: "allowed-instance-types",
    description: "EC2 instance types come from the stack's allow-list (the seed design: cost guard); advisory.",
    enforcementLevel: "advisory",
    types: [INSTANCE, LAUNCH_TEMPLATE],
    settings: {
        instanceTypes: {
            type: "array", items: { type: "string" }, default: ["t3.micro", "t3.small", "t4g.micro", "t4g.small"],
            description: "EC2 instance types this stack may use.",
        },
    },
    check(props, report, { config }) {
        if (props.instanceType !== undefined && !config.instanceTypes.includes(props.instanceType)) {
            report(`instanceType ${props.instanceType} is not in this stack's allow-list (${config.instanceTypes.join(", ")}).`);
        }
    },
});

export const allowedDbClasses = resourceRule<{ instanceClasses: string[] }>({
    name: "allowed-db-instance-classes",
    description: "RDS instance classes come from the stack's allow-list (the seed design: cost guard); advisory.",
    enforcementLevel: "advisory",
    types: [DB_INSTANCE],
    settings: {
        instanceClasses: {
            type: "array", items: { type: "string" }, default: ["db.t4g.micro", "db.t4g.small", "db.t3.micro", "db.t3.small"],
            description: "RDS instance classes this stack may use.",
        },
    },
    check(props, report, { config }) {
        if (props.instanceClass !== undefined && !config.instanceClasses.includes(props.instanceClass)) {
            report(`instanceClass ${props.instanceClass} is not in this stack's allow-list (${config.instanceClasses.join(", ")}).`);
        }
    },
});

export const hygienePolicies = [requiredTags, allowedInstanceTypes, allowedDbClasses];
