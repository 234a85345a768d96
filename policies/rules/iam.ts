// IAM: least privilege in every policy document, trust policy and attachment. Pulumi hands policy documents over
// as JSON strings; the rules parse them. A statement may be one object or a list, and Action, Resource and
// Principal a string or a list: every form is read.
import { PolicyResource } from "@pulumi/policy";
import { asList, knownOrUndefined, label, ofType, parseJson, Props, resourceRule, stackRule } from "./common";
import { FACTS, globMatches } from "./facts";

/** Where each resource type keeps its policy documents. */
const DOCUMENTS: Record<string, (props: Props) => { where: string; document: unknown }[]> = {
    "aws:iam/policy:Policy": (p) => [{ where: "policy", document: p.policy }],
    "aws:iam/rolePolicy:RolePolicy": (p) => [{ where: "policy", document: p.policy }],
    "aws:iam/userPolicy:UserPolicy": (p) => [{ where: "policy", document: p.policy }],
    "aws:iam/groupPolicy:GroupPolicy": (p) => [{ where: "policy", document: p.policy }],
    "aws:s3/bucketPolicy:BucketPolicy": (p) => [{ where: "policy", document: p.policy }],
    "aws:iam/role:Role": (p) => asList<Props>(p.inlinePolicies)
        .map((inline, i) => ({ where: `inlinePolicies[${i}] (${inline.name ?? "unnamed"})`, document: inline.policy })),
};

const isWildcard = (value: unknown) => asList(value).some((v) => v === "*" || v === "*:*");

/** The statements that allow every action on every resource. */
export function adminStatements(document: any): number[] {
    return asList<Props>(document?.Statement)
        .map((statement, i) => ({ statement, i }))
        .filter(({ statement }) => statement.Effect === "Allow" && isWildcard(statement.Action) && isWildcard(statement.Resource))
        .map(({ i }) => i);
}

export const noAdminPolicies = resourceRule({
    name: "no-admin-policy",
    description: "No policy document allows \"*\" actions on \"*\" resources (FSBP IAM.1, CIS AWS Foundations 1.16).",
    types: Object.keys(DOCUMENTS),
    check(props, report, { args }) {
        for (const { where, document } of DOCUMENTS[args.type](props)) {
            if (document === undefined) {
                continue;
            }
            const parsed = parseJson(document);
            if (!parsed.ok) {
                report(`${where} is not a readable JSON policy document (${parsed.error}).`);
                continue;
            }
            for (const i of adminStatements(parsed.value)) {
                report(`${where} Statement[${i}] allows every action on every resource: name the actions and resources it needs.`);
            }
        }
    },
});

const IDENTITY_TYPES = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy", "aws:iam/role:Role"];
const TRUST_TYPES = ["aws:iam/role:Role"];

/** The Allow statements of every readable document of a resource; unreadable ones are no-admin-policy's to report. */
function allowStatements(type: string, props: Props): { where: string; statement: Props }[] {
    const found: { where: string; statement: Props }[] = [];
    for (const { where, document } of (DOCUMENTS[type] ?? (() => []))(props)) {
        const parsed = parseJson(document);
        if (!parsed.ok || parsed.value === undefined || parsed.value === null) {
            continue;
        }
        asList<Props>(parsed.value.Statement).forEach((statement, i) => {
            if (statement?.Effect === "Allow") {
                found.push({ where: `${where} Statement[${i}]`, statement });
            }
        });
    }
    return found;
}

const actionsOf = (statement: Props): string[] => asList<unknown>(statement.Action).filter((a): a is string => typeof a === "string");

/** Whether an action pattern of a statement grants `action` (iam:Pass* grants iam:PassRole). */
const grants = (patterns: string[], action: string) => patterns.some((p) => globMatches(p, action));

export const noWildcardActions = resourceRule<{ allowedWildcardActions: string[] }>({
    name: "no-wildcard-actions",
    description: "Identity and bucket policies name their actions: no \"*\", \"service:*\" or other wildcard action in an Allow (FSBP IAM.21).",
    types: Object.keys(DOCUMENTS),
    settings: {
        allowedWildcardActions: {
            type: "array", items: { type: "string" }, default: [],
            description: "Wildcard actions an Allow may still use, exactly as written (for example \"ec2:Describe*\").",
        },
    },
    check(props, report, { args, config }) {
        for (const { where, statement } of allowStatements(args.type, props)) {
            const wild = actionsOf(statement).filter((a) => /[*?]/.test(a) && !config.allowedWildcardActions.includes(a));
            if (wild.length > 0) {
                report(`${where} allows ${wild.map((a) => `"${a}"`).join(", ")}: name the actions it needs.`);
            }
        }
    },
});

export const noNegatedAllow = resourceRule({
    name: "no-negated-allow",
    description: "No Allow statement uses NotAction, NotResource or NotPrincipal, which allow everything they do not name (the seed design: least privilege).",
    types: [...Object.keys(DOCUMENTS), ...TRUST_TYPES],
    check(props, report, { args }) {
        const statements = [...allowStatements(args.type, props), ...trustStatements(args.type, props)];
        for (const { where, statement } of statements) {
            const negated = ["NotAction", "NotResource", "NotPrincipal"].filter((k) => k in statement);
            if (negated.length > 0) {
                report(`${where} is an Allow with ${negated.join(" and ")}: it allows everything it does not name; name what it allows.`);
            }
        }
    },
});

export const passRoleNamed = resourceRule({
    name: "pass-role-named-roles",
    description: "iam:PassRole is allowed only on named roles, never on \"*\" (the seed design: no privilege escalation through a passed role).",
    types: IDENTITY_TYPES,
    check(props, report, { args }) {
        for (const { where, statement } of allowStatements(args.type, props)) {
            if (!grants(actionsOf(statement), "iam:PassRole")) {
                continue;
            }
            const wide = asList<unknown>(statement.Resource).filter((r) => typeof r === "string" && r.includes("*"));
            if (wide.length > 0 || !("Resource" in statement)) {
                report(`${where} allows iam:PassRole on ${wide.join(", ") || "every resource"}: name the role it may pass.`);
            }
        }
    },
});

/** Where a stack keeps readable secrets: Secrets Manager secrets and SSM parameters, by name. */
function secretArnPatterns(resources: PolicyResource[]): ((arn: string) => boolean)[] {
    const patterns: ((arn: string) => boolean)[] = [];
    for (const secret of ofType(resources, "aws:secretsmanager/secret:Secret")) {
        const name = knownOrUndefined(() => secret.props.name);
        if (typeof name === "string") {
            // AWS appends "-" and six characters to a secret's name in its ARN; policies may spell them ??????.
            const own = new RegExp(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:${escapeRegExp(name)}(-[A-Za-z0-9]{6}|-\\?{6})?$`);
            patterns.push((arn) => own.test(arn));
        }
    }
    for (const parameter of ofType(resources, "aws:ssm/parameter:Parameter")) {
        const name = knownOrUndefined(() => parameter.props.name);
        if (typeof name === "string") {
            const path = name.startsWith("/") ? name : `/${name}`;
            const own = new RegExp(`^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter${escapeRegExp(path)}$`);
            patterns.push((arn) => own.test(arn));
        }
    }
    return patterns;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const secretReadsOwnOnly = stackRule({
    name: "secret-reads-own-stack-only",
    description: "Secret and parameter reads (secretsmanager:GetSecretValue, ssm:GetParameter*) are allowed only on the stack's own secrets and parameters, never on \"*\" (the seed design: each server reads its own configuration).",
    check(resources, report) {
        const own = secretArnPatterns(resources);
        for (const resource of resources.filter((r) => IDENTITY_TYPES.includes(r.type))) {
            for (const { where, statement } of allowStatements(resource.type, resource.props)) {
                const reads = FACTS.secretReadActions.filter((a) => grants(actionsOf(statement), a));
                if (reads.length === 0) {
                    continue;
                }
                const targets = asList<unknown>(statement.Resource);
                const foreign = targets.filter((r) => typeof r !== "string" || !own.some((matches) => matches(r)));
                if (foreign.length > 0 || targets.length === 0) {
                    report(`${label(resource)} ${where} allows ${reads.join(", ")} on ${foreign.map(String).join(", ") || "every resource"}: `
                        + "only the secrets and parameters this stack declares may be read.", resource.urn);
                }
            }
        }
    },
});

const ATTACHMENTS: Record<string, (props: Props) => unknown[]> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (p) => [p.policyArn],
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": (p) => [p.policyArn],
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": (p) => [p.policyArn],
    "aws:iam/policyAttachment:PolicyAttachment": (p) => [p.policyArn],
    "aws:iam/role:Role": (p) => asList(p.managedPolicyArns),
};

/** The name of an AWS-managed policy from its ARN (arn:aws:iam::aws:policy/job-function/X is X), else undefined. */
function awsManagedName(arn: unknown): string | undefined {
    const match = typeof arn === "string" ? /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn) : null;
    return match ? match[1] : undefined;
}

export const noAdminManagedPolicies = resourceRule({
    name: "no-admin-managed-policies",
    description: "No AWS-managed administrator, power-user or full-access policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, *FullAccess) is attached (FSBP IAM.1, CIS AWS Foundations 1.16).",
    types: Object.keys(ATTACHMENTS),
    check(props, report, { args }) {
        for (const arn of ATTACHMENTS[args.type](props)) {
            const name = awsManagedName(arn);
            if (name !== undefined && FACTS.refusedManagedPolicies.some((p) => globMatches(p, name))) {
                report(`${arn} grants far more than a server of this stack needs: attach a policy that names its actions and resources.`);
            }
        }
    },
});


function trustStatements(type: string, props: Props): { where: string; statement: Props }[] {
    if (!TRUST_TYPES.includes(type)) {
        return [];
    }
    const parsed = parseJson(props.assumeRolePolicy);
    if (!parsed.ok || !parsed.value) {
        return [];
    }
    return asList<Props>(parsed.value.Statement)
        .map((statement, i) => ({ where: `assumeRolePolicy Statement[${i}]`, statement }))
        .filter(({ statement }) => statement?.Effect === "Allow");
}

export const trustedPrincipalsOnly = resourceRule<{ trustedServices: string[] }>({
    name: "role-trust-expected-principals",
    description: "A role's trust policy admits only the AWS services the design uses (EC2, VPC Flow Logs), never any principal (\"*\") (the seed design: least privilege).",
    types: TRUST_TYPES,
    settings: {
        trustedServices: {
            type: "array", items: { type: "string" }, default: FACTS.trustedServicePrincipals,
            description: "Service principals a role's trust policy may name.",
        },
    },
    check(props, report, { config }) {
        const parsed = parseJson(props.assumeRolePolicy);
        if (!parsed.ok) {
            report(`assumeRolePolicy is not a readable JSON policy document (${parsed.error}).`);
            return;
        }
        for (const { where, statement } of trustStatements(TRUST_TYPES[0], props)) {
            const principal = statement.Principal;
            if (principal === "*" || asList(principal?.AWS).includes("*") || asList(principal?.Federated).includes("*")) {
                report(`${where} admits any principal ("*"): anyone could assume the role.`);
                continue;
            }
            const services = asList<unknown>(principal?.Service);
            const unexpected = services.filter((s) => typeof s !== "string" || !config.trustedServices.includes(s));
            if (unexpected.length > 0) {
                report(`${where} admits the service ${unexpected.join(", ")}: only ${config.trustedServices.join(", ")} may assume this stack's roles.`);
            }
        }
    },
});

export const iamPolicies = [noAdminPolicies, noWildcardActions, noNegatedAllow, passRoleNamed, secretReadsOwnOnly,
    noAdminManagedPolicies, trustedPrincipalsOnly];
