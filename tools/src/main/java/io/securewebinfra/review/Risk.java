package io.securewebinfra.review;

/**
 * Something in a plan change that a reviewer must consciously accept.
 *
 * @param kind     what could go wrong
 * @param resource the resource as reviewers see it (name, and component)
 * @param message  one sentence: what changes and what it costs
 * @param packRule the pack rule that states the same safeguard as an absolute rule, or null: when the new plan
 *                 breaks it on this resource, that is this change told again, and {@link PackViolations} folds it
 *                 into this risk instead of listing a second one
 */
public record Risk(Kind kind, String resource, String message, String packRule) {

    public Risk(Kind kind, String resource, String message) {
        this(kind, resource, message, null);
    }

    public enum Kind {
        /** The provider's region changes or the provider is replaced: every resource is deleted and made again. */
        STACK_REPLACED("whole stack replaced"),
        ALARMS_SILENCED("alarms silenced"),
        /** A change Pulumi is told to ignore, or an ignoreChanges entry that hides a risky property. */
        CHANGE_HIDDEN("change hidden"),
        DATA_LOSS("data loss"),
        DATABASE_ROUTE("database route"),
        EGRESS_WIDENED("egress widened"),
        FIREWALL("firewall opened"),
        FIREWALL_MEMBERSHIP("security group changed"),
        IAM_WIDENED("permissions widened"),
        INTERNET_ROUTE("route to the internet"),
        PROTECTION_OFF("protection off"),
        REPLACEMENT("replacement"),
        RESTART("restart"),
        TRAFFIC_REDIRECTED("traffic redirected"),
        /** A resource of a type no rule of the review or the pack reads: the review fails closed. */
        NOT_REVIEWED("not reviewed"),
        /** A policy of the pack that the new plan breaks and the old one did not. */
        RULE_BROKEN("rule broken");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
