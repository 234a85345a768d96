// The policy pack that `pulumi preview --policy-pack policies` loads. Constructing it starts the analyzer and
// never returns, so nothing else may import this file: the rules live in ./rules.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./rules";

new PolicyPack(PACK_NAME, {
    description: "The security promises of secure-web-infra, as rules that refuse unsafe infrastructure.",
    enforcementLevel: "mandatory",
    policies,
});
