import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PlanDocument } from "../offline/evaluate";
import { broken, compliantPlan } from "./fixture";

const RUNNER = join(__dirname, "..", "run-offline.js");
const dir = mkdtempSync(join(tmpdir(), "policy-runner-"));
let files = 0;

function file(content: unknown): string {
    const path = join(dir, `file-${files++}.json`);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
}

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [RUNNER, ...args], { encoding: "utf8" });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sshOpen: PlanDocument = broken("firewalls-web-in-lb", (i) => { i.fromPort = 22; i.toPort = 22; });

describe("run-offline", () => {
    it("exits 0 and counts the policies on a compliant plan", () => {
        const { code, stdout } = run(file(compliantPlan()));
        assert.equal(code, 0, stdout);
        assert.match(stdout, /^policy pack secure-web-infra v1\.0\.0 on stack test \(.*\): 60 policies on 37 resources, 0 mandatory and 0 advisory violations$/m);
        assert.doesNotMatch(stdout, /Policy Violations/);
    });
    it("exits 1 on a mandatory violation and prints it as the engine does", () => {
        const { code, stdout } = run(file(sshOpen));
        assert.equal(code, 1);
        assert.ok(stdout.includes([
            "Policy Violations:",
            "    [mandatory]  secure-web-infra v1.0.0  no-ssh-rdp-ingress (aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule: firewalls-web-in-lb)",
            "    No ingress to SSH (22), RDP (3389) or WinRM (5985/5986) from anywhere; servers are reached through SSM (CIS AWS Foundations 5.2, FSBP EC2.13/EC2.53).",
            "    ingress rule (tcp port 22) opens remote administration port 22; use SSM Session Manager instead.",
        ].join("\n")), stdout);
        // The web group's design also admits only HTTPS from the load balancer.
        assert.match(stdout, /firewall-flows-as-designed \(aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule: firewalls-web-in-lb\)/);
        assert.match(stdout, /2 mandatory and 0 advisory violations/);
    });
    it("exits 0 on advisory violations only", () => {
        const { code, stdout } = run(file(broken("web-1", (i) => { i.keyName = "ops"; })));
        assert.equal(code, 0);
        assert.match(stdout, /\[advisory\] {2}secure-web-infra v1\.0\.0 {2}no-key-pair \(aws:ec2\/instance:Instance: web-1\)/);
    });
    it("lets the config turn everything advisory with all", () => {
        const { code, stdout } = run(file(sshOpen), "--config", file({ all: "advisory" }));
        assert.equal(code, 0);
        assert.match(stdout, /\[advisory\] {2}secure-web-infra v1\.0\.0 {2}no-ssh-rdp-ingress/);
    });
    it("lets a policy's entry win over all", () => {
        assert.equal(run(file(sshOpen), "--config", file({ all: "advisory", "no-ssh-rdp-ingress": "mandatory" })).code, 1);
    });
    it("skips a disabled policy", () => {
        const { code, stdout } = run(file(sshOpen), "--config", file({ "no-ssh-rdp-ingress": { enforcementLevel: "disabled" }, "firewall-flows-as-designed": "disabled" }));
        assert.equal(code, 0);
        assert.match(stdout, /58 policies on 37 resources, 0 mandatory and 0 advisory violations/);
    });
    it("applies settings from the config", () => {
        const { code, stdout } = run(file(compliantPlan()), "--config", file({ "rds-backup-retention": { minimumDays: 14 } }));
        assert.equal(code, 1);
        assert.match(stdout, /backupRetentionPeriod is 7: keep at least 14 day\(s\) of backups/);
    });
    it("notes secret values it cannot read as advisory, not as violations", () => {
        const { code, stdout } = run(file(broken("edge-https", (i) => { i.sslPolicy = "[secret]"; })));
        assert.equal(code, 0);
        assert.match(stdout, /\[advisory\] .* https-listener-tls12 .*\n.*can't run policy 'https-listener-tls12' from policy pack 'secure-web-infra@v1\.0\.0' during preview: string value at \.sslPolicy can't be known during preview/);
    });
    it("exits 2 on a bad pack config, naming the problem", () => {
        const { code, stderr } = run(file(compliantPlan()), "--config", file({ "imdsv2-requird": "mandatory" }));
        assert.equal(code, 2);
        assert.match(stderr, /"imdsv2-requird" is not a policy of this pack/);
    });
    it("exits 2 on usage errors and unreadable plans", () => {
        assert.equal(run().code, 2);
        assert.equal(run(file(compliantPlan()), "--bogus").code, 2);
        assert.equal(run(join(dir, "missing.json")).code, 2);
        assert.equal(run(file("{not json")).code, 2);
        const { code, stderr } = run(file({ resources: "none" }));
        assert.equal(code, 2);
        assert.match(stderr, /is not a plan/);
    });
});
