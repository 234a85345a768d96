package io.securewebinfra.review;

/**
 * Something in a plan change that a reviewer must consciously accept.
 *
 * @param kind     what could go wrong
 * @param resource the resource as reviewers see it (name, and component)
 * @param message  one sentence: what changes and what it costs
 */
public record Risk(Kind kind, String resource, String message) {

    public enum Kind {
        ALARMS_SILENCED("alarms silenced"),
        DATA_LOSS("data loss"),
        DATABASE_ROUTE("database route"),
        FIREWALL("firewall opened"),
        PROTECTION_OFF("protection off"),
        REPLACEMENT("replacement"),
        RESTART("restart"),
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
