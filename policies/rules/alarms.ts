// Alarms that reach people: a CloudWatch alarm publishes to its SNS topic only if CloudWatch may use the topic's
// key. The AWS-managed alias/aws/sns has a key policy no one can change to admit cloudwatch.amazonaws.com, so an
// alarm topic encrypted with it drops every notification, with only a line in the alarm history to show for it.
import { PolicyResource } from "@pulumi/policy";
import { asList, isGiven, knownOrUndefined, label, ofType, referredToAll, resourceRule, stackRule } from "./common";

export const TOPIC = "aws:sns/topic:Topic";
export const ALARMS = ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"];
export const KMS_KEY = "aws:kms/key:Key";
const ACTIONS = ["alarmActions", "okActions", "insufficientDataActions"];

/** An AWS-managed key, by alias or alias ARN: alias/aws/sns, arn:aws:kms:eu-west-1:123456789012:alias/aws/sns. */
export function isAwsManagedKey(keyId: string): boolean {
    return /(^|:)alias\/aws\/./.test(keyId);
}

/** The topics some alarm notifies, each with the alarms that notify it. */
function alarmTopics(resources: PolicyResource[]): Map<PolicyResource, string[]> {
    const topics = ofType(resources, TOPIC);
    const found = new Map<PolicyResource, string[]>();
    for (const alarm of ofType(resources, ...ALARMS)) {
        const notified = new Set<PolicyResource>();
        for (const field of ACTIONS) {
            if (field in alarm.props) {
                referredToAll(alarm, field, topics).forEach((t) => notified.add(t));
            }
        }
        for (const topic of notified) {
            found.set(topic, [...(found.get(topic) ?? []), alarm.name]);
        }
    }
    return found;
}

export const alarmTopicCustomerKey = stackRule({
    name: "alarm-topic-customer-key",
    description: "An SNS topic that CloudWatch alarms notify is encrypted with a customer-managed KMS key, not alias/aws/sns (FSBP SNS.1; the seed design: alarms reach people).",
    check(resources, report) {
        for (const [topic, alarms] of alarmTopics(resources)) {
            const who = `${alarms.length === 1 ? "alarm" : "alarms"} ${alarms.slice(0, 3).join(", ")}${alarms.length > 3 ? ", ..." : ""}`;
            if (!isGiven(topic.props, "kmsMasterKeyId")) {
                report(`${label(topic)} is not encrypted, and ${who} notify it: encrypt it with a customer-managed key whose policy admits cloudwatch.amazonaws.com.`, topic.urn);
                continue;
            }
            // A key not known yet (a new key's ARN during a preview) is a key of the stack's own.
            const key = knownOrUndefined(() => topic.props.kmsMasterKeyId);
            if (typeof key === "string" && isAwsManagedKey(key)) {
                report(`${label(topic)} uses the AWS-managed key ${key}, and ${who} notify it: CloudWatch cannot use that key, so every alarm action fails; use a customer-managed key whose policy admits cloudwatch.amazonaws.com.`, topic.urn);
            }
        }
    },
});

export const kmsKeyRotation = resourceRule({
    name: "kms-key-rotation",
    description: "Customer-managed symmetric KMS keys rotate their key material (FSBP KMS.4, CIS AWS Foundations 3.6).",
    types: [KMS_KEY],
    check(props, report, { args }) {
        const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") {
            args.notApplicable(`KMS rotates only symmetric encryption keys, not ${spec}`);
        }
        if (props.enableKeyRotation !== true) {
            report("enableKeyRotation is not true: the key's material would never change.");
        }
    },
});

export const alarmsNotify = resourceRule({
    name: "alarms-have-actions",
    description: "Every CloudWatch alarm notifies someone: it has alarm actions and they are enabled (the seed design: alarms reach people).",
    types: ALARMS,
    check(props, report) {
        if (props.actionsEnabled === false) {
            report("actionsEnabled is false: the alarm would change state and tell no one.");
            return;
        }
        // A list not known yet during a preview (a new topic's ARN) will hold that topic.
        const actions = knownOrUndefined(() => props.alarmActions);
        if (!("alarmActions" in props) || (actions !== undefined && asList(actions).length === 0)) {
            report("The alarm has no alarmActions: it would change state and tell no one.");
        }
    },
});

export const topicsEncrypted = stackRule({
    name: "sns-topics-encrypted",
    description: "Every SNS topic is encrypted at rest (FSBP SNS.1); topics that alarms notify are alarm-topic-customer-key's.",
    check(resources, report) {
        const alarmTopicSet = alarmTopics(resources);
        for (const topic of ofType(resources, TOPIC).filter((t) => !alarmTopicSet.has(t))) {
            if (!isGiven(topic.props, "kmsMasterKeyId")) {
                report(`${label(topic)} is not encrypted: set kmsMasterKeyId.`, topic.urn);
            }
        }
    },
});

export const alarmPolicies = [alarmTopicCustomerKey, kmsKeyRotation, alarmsNotify, topicsEncrypted];
