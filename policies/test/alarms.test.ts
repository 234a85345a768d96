import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAwsManagedKey } from "../rules/alarms";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, find, resource, withResources } from "./fixture";

const SNS_ALIAS_ARN = "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns";

describe("isAwsManagedKey", () => {
    it("knows AWS-managed aliases by name and by ARN", () => {
        for (const key of ["alias/aws/sns", SNS_ALIAS_ARN, "alias/aws/kms", "arn:aws-cn:kms:cn-north-1:210987654321:alias/aws/sns"]) {
            assert.ok(isAwsManagedKey(key), key);
        }
    });
    it("leaves customer keys and aliases alone", () => {
        for (const key of ["alias/secure-web-infra-dev-alarms", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:alias/awsome", "alias/aws-alarms"]) {
            assert.ok(!isAwsManagedKey(key), key);
        }
    });
});

describe("alarm-topic-customer-key", () => {
    it("accepts an alarm topic encrypted with a customer-managed key", () => accepts("alarm-topic-customer-key", compliantPlan()));
    it("accepts a customer alias", () => accepts("alarm-topic-customer-key",
        broken("monitoring-alarms", (i) => { i.kmsMasterKeyId = "alias/secure-web-infra-test-alarms"; })));
    it("accepts a key not known yet, as a new key's ARN is during a preview", () => accepts("alarm-topic-customer-key",
        broken("monitoring-alarms", (i) => { i.kmsMasterKeyId = "[unknown]"; })));
    for (const key of ["alias/aws/sns", SNS_ALIAS_ARN]) {
        it(`refuses ${key} on a topic alarms notify`, () => refuses("alarm-topic-customer-key",
            broken("monitoring-alarms", (i) => { i.kmsMasterKeyId = key; }), "monitoring-alarms",
            `uses the AWS-managed key ${key}, and alarm monitoring-db-cpu notify it: CloudWatch cannot use that key`));
    }
    it("refuses an unencrypted topic alarms notify", () => refuses("alarm-topic-customer-key",
        broken("monitoring-alarms", (i) => { delete i.kmsMasterKeyId; }), "monitoring-alarms", "is not encrypted, and alarm monitoring-db-cpu notify it"));
    it("refuses an empty key", () => refuses("alarm-topic-customer-key",
        broken("monitoring-alarms", (i) => { i.kmsMasterKeyId = ""; }), "monitoring-alarms", "is not encrypted"));
    it("finds the topic through okActions or insufficientDataActions alone", () => {
        const plan = broken("monitoring-alarms", (i) => { i.kmsMasterKeyId = "alias/aws/sns"; });
        const alarm = find(plan, "monitoring-db-cpu").inputs;
        delete alarm.alarmActions;
        delete alarm.okActions;
        alarm.insufficientDataActions = ["arn:aws:sns:eu-west-1:123456789012:monitoring-alarms-1"];
        return refuses("alarm-topic-customer-key", plan, "monitoring-alarms", "AWS-managed key alias/aws/sns");
    });
    it("leaves alone a topic no alarm notifies", () => accepts("alarm-topic-customer-key", withResources(
        resource("aws:sns/topic:Topic", "reports", { kmsMasterKeyId: "alias/aws/sns" }))));
});

describe("kms-key-rotation", () => {
    it("accepts a rotated key", () => accepts("kms-key-rotation", compliantPlan()));
    it("refuses rotation off", () => refuses("kms-key-rotation",
        broken("monitoring-alarms-key", (i) => { i.enableKeyRotation = false; }), "monitoring-alarms-key", "enableKeyRotation is not true"));
    it("refuses rotation left unset (off by default)", () => refuses("kms-key-rotation",
        broken("monitoring-alarms-key", (i) => { delete i.enableKeyRotation; }), "monitoring-alarms-key", "enableKeyRotation is not true"));
    it("leaves alone an asymmetric key, which KMS cannot rotate", () => accepts("kms-key-rotation",
        broken("monitoring-alarms-key", (i) => { delete i.enableKeyRotation; i.customerMasterKeySpec = "RSA_2048"; i.keyUsage = "SIGN_VERIFY"; })));
});
