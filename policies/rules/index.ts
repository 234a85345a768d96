// Every rule of the pack, in report order. This module only lists them: constructing the PolicyPack starts the
// analyzer's gRPC server, so that happens in ../index.ts alone, and tests and the offline run import this list.
import { Policies } from "@pulumi/policy";
import { alarmPolicies } from "./alarms";
import { databasePolicies } from "./database";
import { firewallPolicies } from "./firewalls";
import { hygienePolicies } from "./hygiene";
import { iamPolicies } from "./iam";
import { loggingPolicies } from "./logging";
import { networkPolicies } from "./network";
import { secretPolicies } from "./secrets";
import { serverPolicies } from "./servers";
import { transitPolicies } from "./transit";

export const PACK_NAME = "secure-web-infra";

export const policies: Policies = [
    ...firewallPolicies,
    ...networkPolicies,
    ...serverPolicies,
    ...transitPolicies,
    ...databasePolicies,
    ...loggingPolicies,
    ...alarmPolicies,
    ...iamPolicies,
    ...secretPolicies,
    ...hygienePolicies,
];
