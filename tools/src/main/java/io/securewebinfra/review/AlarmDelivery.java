package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A topic that CloudWatch alarms publish to, moved to an AWS-managed key ({@code alias/aws/sns} or any
 * {@code alias/aws/*}): the key policy of an AWS-managed key cannot admit {@code cloudwatch.amazonaws.com}, so every
 * alarm action fails, and the only trace is a line in each alarm's history. The change is named here, with the
 * alarms it silences; the pack's {@code alarm-topic-customer-key} states the same as a rule of one plan, so its new
 * violation is folded into this risk. (A topic losing its encryption is the pack's alone.)
 */
final class AlarmDelivery implements RiskRule {
    private static final String TOPIC = "aws:sns/topic:Topic";
    private static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    private static final List<String> ACTIONS = List.of("alarmActions", "okActions", "insufficientDataActions");
    /** An AWS-managed key by alias name or alias ARN: {@code alias/aws/sns}, {@code arn:aws:kms:...:alias/aws/sns}. */
    private static final Pattern AWS_MANAGED = Pattern.compile("(^|:)alias/aws/.+");

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            if (!change.type().equals(TOPIC) || change.kind() == ResourceChange.Kind.REMOVED) {
                continue;
            }
            Optional<String> after = change.after("kmsMasterKeyId").map(JsonNode::asText);
            Optional<String> before = change.before("kmsMasterKeyId").map(JsonNode::asText);
            if (after.filter(AlarmDelivery::awsManaged).isEmpty() || before.filter(AlarmDelivery::awsManaged).isPresent()) {
                continue;
            }
            List<String> alarms = alarmsPublishingTo(change, diff);
            if (!alarms.isEmpty()) {
                risks.add(new Risk(Risk.Kind.ALARMS_SILENCED, change.label(), "`kmsMasterKeyId` "
                        + before.map(b -> "`" + b + "`").orElse("_(none)_") + " → `" + after.get() + "`: "
                        + alarms.size() + (alarms.size() == 1 ? " alarm publishes" : " alarms publish")
                        + " to this topic (" + String.join(", ", alarms.stream().limit(3).toList())
                        + (alarms.size() > 3 ? ", ..." : "") + "), and CloudWatch cannot use an AWS-managed key: "
                        + "every alarm action would fail silently; use a customer-managed key that admits "
                        + "cloudwatch.amazonaws.com", "alarm-topic-customer-key"));
            }
        }
        return risks;
    }

    static boolean awsManaged(String keyId) {
        return AWS_MANAGED.matcher(keyId).find();
    }

    /**
     * The alarms of the new plan with an action on the topic. The plan records the topic's ARN in the alarms'
     * actions but not on the topic, so an alarm with an SNS action that depends on the topic publishes to it.
     */
    private static List<String> alarmsPublishingTo(ResourceChange topic, PlanDiff diff) {
        List<String> alarms = new ArrayList<>();
        for (JsonNode resource : diff.afterPlan().path("resources")) {
            if (!resource.path("type").asText().equals(ALARM)) {
                continue;
            }
            boolean dependsOnTopic = false;
            for (JsonNode dependency : resource.path("dependsOn")) {
                dependsOnTopic |= dependency.asText().equals(topic.name());
            }
            boolean notifies = false;
            for (String field : ACTIONS) {
                for (JsonNode action : resource.path("inputs").path(field)) {
                    notifies |= action.asText().contains(":sns:");
                }
            }
            if (dependsOnTopic && notifies) {
                alarms.add(resource.path("name").asText());
            }
        }
        return alarms;
    }
}
