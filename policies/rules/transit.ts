// Encryption in transit: TLS from the user to the load balancer, from the load balancer to the servers, and from
// the servers to MySQL.
import { PolicyResource } from "@pulumi/policy";
import { asList, isGiven, isTrue, knownOrUndefined, label, ofType, Props, referredTo, resourceRule, stackRule } from "./common";
import { FACTS } from "./facts";

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const TARGET_GROUPS = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
export const DB_INSTANCE = "aws:rds/instance:Instance";

// ELB security policies that negotiate TLS 1.2 or 1.3 only: the shared facts' list, which the program's settings
// also take their allowed values from.
const TLS12_POLICIES = FACTS.loadBalancerTlsPolicies;

export const httpsListenerTls12 = resourceRule<{ allowedSslPolicies: string[] }>({
    name: "https-listener-tls12",
    description: "HTTPS and TLS listeners use a certificate and a TLS 1.2+ security policy (FSBP ELB.17).",
    types: LISTENERS,
    settings: {
        allowedSslPolicies: {
            type: "array", items: { type: "string" }, default: TLS12_POLICIES,
            description: "ELB security policies a listener may use: none that negotiates TLS 1.0 or 1.1.",
        },
    },
    check(props, report, { config }) {
        if (!["HTTPS", "TLS"].includes(props.protocol)) {
            return;
        }
        if (!config.allowedSslPolicies.includes(props.sslPolicy)) {
            report(`sslPolicy ${props.sslPolicy === undefined ? "is not set (the default allows TLS 1.0)" : `"${props.sslPolicy}" is not a TLS 1.2+ policy`}; use one of ${config.allowedSslPolicies.join(", ")}.`);
        }
        if (!isGiven(props, "certificateArn")) {
            report("The listener has no certificateArn.");
        }
    },
});

function redirectsToHttps(action: Props): boolean {
    return action.type === "redirect" && action.redirect?.protocol === "HTTPS";
}

export const httpRedirectsOnly = resourceRule({
    name: "http-redirects-to-https",
    description: "An HTTP listener only redirects to HTTPS (FSBP ELB.1).",
    types: LISTENERS,
    check(props, report) {
        if (props.protocol !== "HTTP") {
            return;
        }
        const actions = asList<Props>(props.defaultActions);
        if (actions.length === 0 || !actions.every(redirectsToHttps)) {
            report(`The HTTP listener's default actions are ${actions.map((a) => a.type).join(", ") || "empty"}: it must only redirect to HTTPS.`);
        }
    },
});

export const albDropsInvalidHeaders = resourceRule({
    name: "alb-drop-invalid-headers",
    description: "Application load balancers drop HTTP headers that are not valid (FSBP ELB.4).",
    types: LOAD_BALANCERS,
    check(props, report) {
        if ((props.loadBalancerType ?? "application") !== "application") {
            return;
        }
        // The provider's default is false: malformed headers would reach the servers (request smuggling).
        if (!isTrue(props.dropInvalidHeaderFields)) {
            report("dropInvalidHeaderFields is not true: malformed HTTP headers would be passed on to the servers.");
        }
    },
});

export const targetGroupsHttps = resourceRule({
    name: "target-groups-https",
    description: "The load balancer re-encrypts: target groups and their health checks use HTTPS (the seed design).",
    types: TARGET_GROUPS,
    check(props, report) {
        // Lambda targets are invoked, not connected to.
        if (props.targetType === "lambda") {
            return;
        }
        if (props.protocol !== "HTTPS") {
            report(`protocol is ${props.protocol ?? "not set"}: traffic to the servers must be HTTPS.`);
        }
        const check = props.healthCheck?.protocol;
        if (check !== undefined && check !== "HTTPS") {
            report(`healthCheck.protocol is ${check}: health checks must use HTTPS too.`);
        }
    },
});

function requiresTls(group: Props): boolean {
    return asList<Props>(group.parameters).some((p) =>
        p.name === "require_secure_transport" && ["1", "ON", "on", "true"].includes(String(p.value)));
}

const isMysqlFamily = (family: unknown) => typeof family === "string" && /^(mysql|mariadb)/.test(family);

export const parameterGroupRequiresTls = resourceRule({
    name: "rds-parameter-group-requires-tls",
    description: "A MySQL or MariaDB parameter group sets require_secure_transport = 1 (the seed design: TLS to the database).",
    types: [PARAMETER_GROUP],
    check(props, report) {
        if (isMysqlFamily(props.family) && !requiresTls(props)) {
            report(`The ${props.family} parameter group does not set require_secure_transport = 1: clients could connect without TLS.`);
        }
    },
});

/** The engine of a DB instance, or of its source when it is a read replica (a replica names no engine). */
export function engineOf(instance: PolicyResource, instances: PolicyResource[]): string | undefined {
    if (typeof instance.props.engine === "string") {
        return instance.props.engine;
    }
    const source = sourceOf(instance, instances);
    return source && source !== instance ? engineOf(source, instances.filter((i) => i !== instance)) : undefined;
}

/** A source that is not known yet during a preview still makes the instance a replica. */
export function isReplica(props: Props): boolean {
    if (!("replicateSourceDb" in props)) {
        return false;
    }
    const source = knownOrUndefined(() => props.replicateSourceDb);
    return source === undefined || (typeof source === "string" && source !== "");
}

export function sourceOf(replica: PolicyResource, instances: PolicyResource[]): PolicyResource | undefined {
    return isReplica(replica.props) ? referredTo(replica, "replicateSourceDb", instances) : undefined;
}

export const mysqlUsesTlsGroup = stackRule({
    name: "mysql-instances-require-tls",
    description: "Every MySQL DB instance, replicas included, uses a parameter group that requires TLS (the seed design).",
    check(resources, report) {
        const instances = ofType(resources, DB_INSTANCE);
        const groups = ofType(resources, PARAMETER_GROUP);
        for (const instance of instances) {
            const engine = engineOf(instance, instances);
            if (engine === undefined || !/^(mysql|mariadb)/.test(engine)) {
                continue;
            }
            if (!("parameterGroupName" in instance.props)) {
                report(`${label(instance)} uses the default parameter group, which does not require TLS.`, instance.urn);
                continue;
            }
            // A default group is AWS's, never the stack's, even when the instance still depends on the stack's own.
            const named = knownOrUndefined(() => instance.props.parameterGroupName);
            if (typeof named === "string" && named.startsWith("default.")) {
                report(`${label(instance)} uses the default parameter group ${named}, which does not require TLS.`, instance.urn);
                continue;
            }
            const group = referredTo(instance, "parameterGroupName", groups);
            if (group === undefined) {
                const name = knownOrUndefined(() => instance.props.parameterGroupName) ?? "(not known yet)";
                report(`${label(instance)} uses parameter group ${name}, which is not in this stack, so TLS cannot be shown to be required.`, instance.urn);
            } else if (!requiresTls(group.props)) {
                report(`${label(instance)} uses ${group.name}, which does not set require_secure_transport = 1.`, instance.urn);
            }
        }
    },
});

export const parameterGroupTlsVersions = resourceRule({
    name: "rds-parameter-group-tls-versions",
    description: "A MySQL parameter group that sets tls_version lists only TLS 1.2 and 1.3 (FSBP RDS; the seed design: TLS to the database).",
    types: [PARAMETER_GROUP],
    check(props, report) {
        if (!isMysqlFamily(props.family)) {
            return;
        }
        for (const p of asList<Props>(props.parameters).filter((p) => p.name === "tls_version")) {
            const versions = String(p.value).split(/[,\s]+/).filter((v) => v !== "");
            const weak = versions.filter((v) => !FACTS.mysqlTlsVersions.some((ok) => ok.toLowerCase() === v.toLowerCase()));
            if (weak.length > 0 || versions.length === 0) {
                report(`tls_version is "${p.value}": it admits ${weak.join(", ") || "nothing known"}; list only ${FACTS.mysqlTlsVersions.join(", ")}.`);
            }
        }
    },
});

export const transitPolicies = [httpsListenerTls12, httpRedirectsOnly, albDropsInvalidHeaders, targetGroupsHttps, parameterGroupRequiresTls, mysqlUsesTlsGroup,
    parameterGroupTlsVersions];
