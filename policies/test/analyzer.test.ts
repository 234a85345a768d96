// The pack as the engine sees it: index.js started as `pulumi preview --policy-pack` starts it, and asked over
// the analyzer protocol what it holds and what it makes of resources. This is the engine's own path through
// @pulumi/policy, not the offline run's.
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    AnalyzeRequest, AnalyzeResponse, AnalyzerInfo, AnalyzerProviderResource, AnalyzerResource, AnalyzerResourceOptions, AnalyzeStackRequest, ConfigureAnalyzerRequest,
    EnforcementLevel, PolicyConfig,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { policies } from "../rules";

let pack: ChildProcess;
let client: AnalyzerClient;

function call<Res>(method: "getAnalyzerInfo" | "analyze" | "analyzeStack" | "configure", request: unknown): Promise<Res> {
    const rpc = (client as unknown as Record<string, (req: unknown, cb: (e: grpc.ServiceError | null, r: Res) => void) => void>)[method];
    return new Promise((resolve, reject) => rpc.call(client, request, (e, r) => (e ? reject(e) : resolve(r))));
}

const urn = (type: string, name: string) => `urn:pulumi:test::secure-web-infra::${type}::${name}`;

// The provider as the engine passes it: its inputs are strings, so the default tags are a JSON document.
const provider = new AnalyzerProviderResource().setType("pulumi:providers:aws").setName("aws")
    .setUrn(urn("pulumi:providers:aws", "aws")).setProperties(Struct.fromJavaScript({
        defaultTags: JSON.stringify({ tags: { ManagedBy: "pulumi", Project: "secure-web-infra", Stack: "test" } }),
        region: "eu-west-1",
    }));

function analyzeRequest(type: string, name: string, props: Record<string, unknown>): AnalyzeRequest {
    return new AnalyzeRequest().setType(type).setName(name).setUrn(urn(type, name)).setProvider(provider)
        .setProperties(Struct.fromJavaScript(props as any)).setOptions(new AnalyzerResourceOptions());
}

function stackResource(type: string, name: string, props: Record<string, unknown>, dependencies: string[] = []): AnalyzerResource {
    return new AnalyzerResource().setType(type).setName(name).setUrn(urn(type, name))
        .setProperties(Struct.fromJavaScript(props as any)).setOptions(new AnalyzerResourceOptions())
        .setDependenciesList(dependencies);
}

const sshRule = analyzeRequest("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "admin",
    { cidrIpv4: "203.0.113.0/24", description: "admin", fromPort: 22, toPort: 22, ipProtocol: "tcp", securityGroupId: "sg-1" });

describe("the pack served to the engine", () => {
    before(async () => {
        pack = spawn(process.execPath, [join(__dirname, "..", "index.js")], { stdio: ["ignore", "pipe", "inherit"] });
        const [port] = await once(pack.stdout!, "data");
        client = new AnalyzerClient(`127.0.0.1:${String(port).trim()}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        pack?.kill();
    });

    it("lists every policy with its level and settings schema", async () => {
        const info = await call<AnalyzerInfo>("getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), "secure-web-infra");
        const listed = info.getPoliciesList();
        assert.deepEqual(listed.map((p) => p.getName()), policies.map((p) => p.name));
        const byName = new Map(listed.map((p) => [p.getName(), p]));
        assert.equal(byName.get("no-key-pair")!.getEnforcementlevel(), EnforcementLevel.ADVISORY);
        assert.equal(byName.get("imdsv2-required")!.getEnforcementlevel(), EnforcementLevel.MANDATORY);
        assert.deepEqual(byName.get("rds-backup-retention")!.getConfigschema()!.getProperties()!.toJavaScript().minimumDays,
            { type: "integer", minimum: 1, maximum: 35, default: 1, description: "The fewest days of automated backups a primary may keep." });
    });

    it("refuses SSH in a resource, as a mandatory violation, with the tags from the provider", async () => {
        const diagnostics = (await call<AnalyzeResponse>("analyze", sshRule)).getDiagnosticsList();
        assert.deepEqual(diagnostics.map((d) => [d.getPolicyname(), d.getEnforcementlevel()]), [["no-ssh-rdp-ingress", EnforcementLevel.MANDATORY]]);
        assert.match(diagnostics[0].getMessage(), /opens remote administration port 22/);
    });

    it("refuses a resource without the required tags when its provider has none", async () => {
        const request = analyzeRequest("aws:ec2/vpc:Vpc", "network-vpc", { cidrBlock: "10.0.0.0/16" }).clearProvider();
        const diagnostics = (await call<AnalyzeResponse>("analyze", request)).getDiagnosticsList();
        assert.deepEqual(diagnostics.map((d) => d.getPolicyname()), ["required-tags"]);
    });

    it("refuses a VPC without a flow log in the stack", async () => {
        const request = new AnalyzeStackRequest().setResourcesList([stackResource("aws:ec2/vpc:Vpc", "network-vpc", { cidrBlock: "10.0.0.0/16" })]);
        const diagnostics = (await call<AnalyzeResponse>("analyzeStack", request)).getDiagnosticsList();
        assert.deepEqual(diagnostics.map((d) => [d.getPolicyname(), d.getUrn()]), [["vpc-flow-logs", urn("aws:ec2/vpc:Vpc", "network-vpc")]]);
    });

    it("takes levels and settings from the engine's configure call", async () => {
        const configure = new ConfigureAnalyzerRequest();
        configure.getPolicyconfigMap().set("no-ssh-rdp-ingress", new PolicyConfig().setEnforcementlevel(EnforcementLevel.ADVISORY)
            .setProperties(Struct.fromJavaScript({ adminPorts: [22] })));
        await call<Empty>("configure", configure);
        const diagnostics = (await call<AnalyzeResponse>("analyze", sshRule)).getDiagnosticsList();
        assert.deepEqual(diagnostics.map((d) => [d.getPolicyname(), d.getEnforcementlevel()]), [["no-ssh-rdp-ingress", EnforcementLevel.ADVISORY]]);
    });
});
