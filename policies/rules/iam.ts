// IAM: no policy document grants every action on every resource. Pulumi hands policy documents over as JSON
// strings; the rule parses them.
import { asList, parseJson, Props, resourceRule } from "./common";

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

export const iamPolicies = [noAdminPolicies];
