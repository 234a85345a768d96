// Secrets: user data and tags are readable by anyone who may describe an instance or a resource, and they are
// kept in plain text in the state. A secret belongs in Secrets Manager or SSM, and user data names it only.
import { gunzipSync } from "node:zlib";
import { asList, parseJson, Props, resourceRule } from "./common";
import { INSTANCE, LAUNCH_TEMPLATE } from "./servers";
import { TAGGABLE_TYPES } from "./taggable-types";

interface Detector {
    what: string;
    pattern: RegExp;
}

// A value after a name that ends in password, secret, token or key. Values that are only references are fine:
// a shell or template expansion ($, %, {), a path (/) or a command substitution.
const ASSIGNED_SECRET = /([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key))["']?\s*[:=]\s*["']?([^\s'"`;,)}\]]{8,})/gi;
const REFERENCE = /^[$%{(</\\]/;

const DETECTORS: Detector[] = [
    { what: "a private key", pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/ },
    { what: "an AWS access key id", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
    { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
    { what: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
    { what: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** What in `text` looks like a secret, described without repeating it. */
export function findSecrets(text: string, extraPatterns: string[] = []): string[] {
    const found: string[] = [];
    for (const d of DETECTORS) {
        if (d.pattern.test(text)) {
            found.push(d.what);
        }
    }
    for (const match of text.matchAll(ASSIGNED_SECRET)) {
        if (!REFERENCE.test(match[2])) {
            found.push(`a value assigned to ${match[1]}`);
        }
    }
    for (const extra of extraPatterns) {
        if (new RegExp(extra).test(text)) {
            found.push(`a match of ${extra}`);
        }
    }
    return [...new Set(found)];
}

/** User data as the instance sees it: base64 decoded (and gunzipped) where it is encoded. */
export function decodeUserData(value: string, base64: boolean): string {
    if (!base64) {
        return value;
    }
    const bytes = Buffer.from(value, "base64");
    const gzip = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    return (gzip ? gunzipSync(bytes) : bytes).toString("utf8");
}

const patternsSetting = {
    type: "array" as const, items: { type: "string" as const }, default: [] as string[],
    description: "Further regular expressions of values that must not appear.",
};

export const noSecretsInUserData = resourceRule<{ extraPatterns: string[] }>({
    name: "no-secrets-in-user-data",
    description: "User data holds no password, private key, access key or token (the seed design: nothing secret in user data).",
    types: [INSTANCE, LAUNCH_TEMPLATE],
    settings: { extraPatterns: patternsSetting },
    check(props, report, { args, config }) {
        // An instance has userData in plain text or userDataBase64; a launch template's userData is base64.
        const fields: [string, boolean][] = args.type === INSTANCE
            ? [["userData", false], ["userDataBase64", true]]
            : [["userData", true]];
        for (const [field, base64] of fields) {
            const value = props[field];
            if (typeof value !== "string") {
                continue;
            }
            for (const what of findSecrets(decodeUserData(value, base64), config.extraPatterns)) {
                report(`${field} contains ${what}: keep secrets in Secrets Manager or SSM and pass only their names.`);
            }
        }
    },
});

const SECRET_TAG_KEY = /(password|passwd|secret|token|private[_-]?key|access[_-]?key|api[_-]?key)/i;

function tagSets(type: string, props: Props): { where: string; tags: Record<string, unknown> }[] {
    const sets: { where: string; tags: Record<string, unknown> }[] = [];
    if (type === "pulumi:providers:aws") {
        const parsed = parseJson(props.defaultTags);
        if (parsed.ok && parsed.value?.tags) {
            sets.push({ where: "defaultTags", tags: parsed.value.tags });
        }
        return sets;
    }
    if (props.tags && typeof props.tags === "object") {
        sets.push({ where: "tags", tags: props.tags });
    }
    asList<Props>(props.tagSpecifications).forEach((spec, i) => {
        if (spec.tags) {
            sets.push({ where: `tagSpecifications[${i}].tags`, tags: spec.tags });
        }
    });
    return sets;
}

export const noSecretsInTags = resourceRule<{ extraPatterns: string[] }>({
    name: "no-secrets-in-tags",
    description: "No tag holds a password, private key, access key or token (the seed design: tags are public metadata).",
    types: ["pulumi:providers:aws", ...TAGGABLE_TYPES],
    settings: { extraPatterns: patternsSetting },
    check(props, report, { args, config }) {
        for (const { where, tags } of tagSets(args.type, props)) {
            for (const [key, value] of Object.entries(tags)) {
                if (typeof value !== "string" || value === "") {
                    continue;
                }
                const found = SECRET_TAG_KEY.test(key) ? ["a value under a secret's name"] : findSecrets(value, config.extraPatterns);
                for (const what of found) {
                    report(`${where}.${key} contains ${what}: tags are readable by anyone who may list resources.`);
                }
            }
        }
    },
});

export const secretPolicies = [noSecretsInUserData, noSecretsInTags];
