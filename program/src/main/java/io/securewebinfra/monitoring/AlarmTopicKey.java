package io.securewebinfra.monitoring;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetCallerIdentityArgs;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import io.securewebinfra.common.Components;
import io.securewebinfra.iam.PolicyDocuments;

import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/**
 * The customer-managed KMS key of the alarm topic. CloudWatch alarms cannot publish to a topic encrypted with the
 * AWS-managed {@code alias/aws/sns}: that key's policy cannot admit {@code cloudwatch.amazonaws.com}, so every alarm
 * action would fail with nothing but a line in the alarm history. This key's policy admits CloudWatch for the two calls
 * a publisher to an encrypted topic needs, and nothing else.
 */
final class AlarmTopicKey {
    /** The longest waiting period KMS allows: a key deleted by mistake can be recovered for a month. */
    static final int DELETION_WINDOW_DAYS = 30;

    private final Key key;

    AlarmTopicKey(String name, String project, String stack, String region, ComponentResource parent) {
        Output<String> accountId = AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.builder().build(),
                Components.invoke(parent)).applyValue(id -> id.accountId());
        String partition = Components.partition(region);
        key = new Key(name, KeyArgs.builder()
                .description("Encrypts the " + project + " " + stack + " alarm topic; CloudWatch alarms may use it")
                .keyUsage("ENCRYPT_DECRYPT")
                .enableKeyRotation(true)
                .deletionWindowInDays(DELETION_WINDOW_DAYS)
                .policy(accountId.applyValue(account -> policy(partition, account)))
                .build(), child(parent));
        new Alias(name + "-alias", AliasArgs.builder()
                .name("alias/" + project + "-" + stack + "-alarms")
                .targetKeyId(key.keyId())
                .build(), child(parent));
    }

    /**
     * Two statements. The account's root administers the key, the standard statement that keeps a key manageable
     * (without it a key can become one no one may change or delete); IAM policies in the account decide who else may.
     * CloudWatch may only generate data keys and decrypt, which is what publishing to an encrypted topic takes; the key
     * encrypts nothing but this topic. The statement is the one AWS documents (knowledge-center
     * "cloudwatch-configure-alarm-sns"), without {@code aws:SourceAccount}/{@code aws:SourceArn} conditions: whether
     * those keys reach KMS on the call SNS makes for CloudWatch is not documented, and a condition that does not match
     * would mute every alarm again, silently.
     */
    static String policy(String partition, String accountId) {
        Map<String, Object> administer = PolicyDocuments.statement("kms:*",
                Map.of("AWS", "arn:" + partition + ":iam::" + accountId + ":root"), "*");
        administer.put("Sid", "AccountAdministersTheKey");
        Map<String, Object> alarms = PolicyDocuments.statement(List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                Map.of("Service", "cloudwatch.amazonaws.com"), "*");
        alarms.put("Sid", "CloudWatchAlarmsPublishToTheEncryptedTopic");
        return PolicyDocuments.document(List.of(administer, alarms));
    }

    Output<String> arn() {
        return key.arn();
    }
}
