import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { describe, it } from "node:test";
import { findSecrets } from "../rules/secrets";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, find, violations } from "./fixture";

// Built from parts, so that this file does not itself look like it holds a key.
const ACCESS_KEY = "AKIA" + "IOSFODNN7EXAMPLE";
const PRIVATE_KEY = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----";
const base64 = (text: string) => Buffer.from(text).toString("base64");

describe("findSecrets", () => {
    it("finds each kind of secret", () => {
        assert.deepEqual(findSecrets(PRIVATE_KEY), ["a private key"]);
        assert.deepEqual(findSecrets(`export AWS_ACCESS_KEY_ID=${ACCESS_KEY}`), ["an AWS access key id"]);
        assert.deepEqual(findSecrets("DB_PASSWORD='hunter2hunter2'"), ["a value assigned to DB_PASSWORD"]);
        assert.deepEqual(findSecrets("{\"api_key\": \"0123456789abcdef\"}"), ["a value assigned to api_key"]);
        assert.deepEqual(findSecrets("GITHUB_TOKEN=ghp_" + "a".repeat(36)), ["a GitHub token", "a value assigned to GITHUB_TOKEN"]);
    });
    it("leaves names and references alone", () => {
        assert.deepEqual(findSecrets("readonly DATABASE_SECRET_ID='secure-web-infra/dev/database'"), []);
        assert.deepEqual(findSecrets("token=\"$(curl -X PUT \"$url/api/token\")\""), []);
        assert.deepEqual(findSecrets("password=${DB_PASSWORD}"), []);
        assert.deepEqual(findSecrets("ssl_certificate_key /etc/pki/nginx/private/server.key;"), []);
        assert.deepEqual(findSecrets("password_file=/etc/webapp/db.cnf"), []);
    });
    it("takes extra patterns", () => assert.deepEqual(findSecrets("sumo-ABCDEF", ["sumo-[A-Z]{6}"]), ["a match of sumo-[A-Z]{6}"]));
});

describe("no-secrets-in-user-data", () => {
    it("accepts user data that names secrets", () => accepts("no-secrets-in-user-data", compliantPlan()));
    it("refuses a password in an instance's user data", () => refuses("no-secrets-in-user-data",
        broken("web-1", (i) => { i.userData += "\nexport DB_PASSWORD=correct-horse-battery"; }), "web-1", "userData contains a value assigned to DB_PASSWORD"));
    it("refuses a private key in userDataBase64", () => refuses("no-secrets-in-user-data",
        broken("web-1", (i) => { delete i.userData; i.userDataBase64 = base64(PRIVATE_KEY); }), "web-1", "userDataBase64 contains a private key"));
    it("refuses an access key in a launch template's base64 user data", () => refuses("no-secrets-in-user-data",
        broken("web-template", (i) => { i.userData = base64(`#!/bin/bash\naws configure set aws_access_key_id ${ACCESS_KEY}`); }), "web-template", "an AWS access key id"));
    it("refuses a token in gzipped user data", () => refuses("no-secrets-in-user-data",
        broken("web-template", (i) => { i.userData = gzipSync(Buffer.from("SLACK=xoxb-1234567890-abcdef")).toString("base64"); }), "web-template", "a Slack token"));
    it("treats secret user data as unknown, as the engine does during a preview", async () => {
        const plan = broken("web-1", (i) => { i.userData = "[secret]"; });
        const notes = (await violations(plan)).filter((v) => v.policyName === "no-secrets-in-user-data");
        assert.equal(notes.length, 1);
        assert.equal(notes[0].enforcementLevel, "advisory");
        assert.match(notes[0].message, /can't run policy 'no-secrets-in-user-data' .* during preview: string value at \.userData can't be known during preview/);
    });
});

describe("no-secrets-in-tags", () => {
    it("accepts plain tags", () => accepts("no-secrets-in-tags", compliantPlan()));
    it("refuses a tag named like a password", () => refuses("no-secrets-in-tags",
        broken("web-1", (i) => { i.tags.DbPassword = "hunter2"; }), "web-1", "tags.DbPassword contains a value under a secret's name"));
    it("refuses an access key in a tag value", () => refuses("no-secrets-in-tags",
        broken("edge-alb", (i) => { i.tags.Owner = ACCESS_KEY; }), "edge-alb", "an AWS access key id"));
    it("refuses a secret in a launch template's tag specifications", () => refuses("no-secrets-in-tags",
        broken("web-template", (i) => { i.tagSpecifications[0].tags.ApiKey = "abc"; }), "web-template", "tagSpecifications[0].tags.ApiKey"));
    it("refuses a secret in the provider's default tags", () => {
        const plan = compliantPlan();
        find(plan, "aws").inputs.defaultTags = JSON.stringify({ tags: { Project: "x", Token: "t0k3n-value" } });
        return refuses("no-secrets-in-tags", plan, "aws", "defaultTags.Token");
    });
});
