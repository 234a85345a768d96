// The security facts the pack shares with the Java program (facts/security-facts.json): one list of TLS
// policies, ports, certificate authorities and IAM names, read by the rules here and by the program's
// SecurityFacts, so that neither can accept what the other refuses. Also the address arithmetic the firewall
// rules need to recognise the internet however a range is spelled.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type GroupRole = "loadBalancer" | "web" | "database";
export type Peer = GroupRole | "anywhere";

export interface Flow {
    protocol: string;
    ports: number[];
    from?: Peer;
    to?: Peer;
}

export interface SecurityFacts {
    loadBalancerTlsPolicies: string[];
    adminPorts: number[];
    publicPorts: number[];
    httpsPort: number;
    mysqlPort: number;
    worldRanges: string[];
    widePublicPrefix: { ipv4: number; ipv6: number };
    firewallFlows: Record<GroupRole, { ingress: Flow[]; egress: Flow[] }>;
    rdsCaIdentifiers: string[];
    mysqlTlsVersions: string[];
    trustedServicePrincipals: string[];
    refusedManagedPolicies: string[];
    secretReadActions: string[];
    minimumLogRetentionDays: number;
}

// dist/rules/facts.js and rules/facts.ts both sit two levels below the pack's root.
export const FACTS_FILE = join(__dirname, "..", "..", "facts", "security-facts.json");

export const FACTS: SecurityFacts = JSON.parse(readFileSync(FACTS_FILE, "utf8"));

/** IAM-style wildcards: `*` any run of characters, `?` one character; case-insensitive as IAM actions are. */
export function globMatches(pattern: string, value: string): boolean {
    const source = pattern.split("").map((c) => c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join("");
    return new RegExp(`^${source}$`, "i").test(value);
}

/** An address range as a number interval: IPv4 in 32 bits, IPv6 in 128, whatever the spelling. */
export interface Range {
    family: 4 | 6;
    prefix: number;
    first: bigint;
}

function ipv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) {
        return undefined;
    }
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
    const lower = text.toLowerCase();
    if (!/^[0-9a-f:.]+$/.test(lower) || lower.split("::").length > 2) {
        return undefined;
    }
    const expand = (side: string): string[] => side === "" ? [] : side.split(":");
    let [head, tail] = lower.includes("::") ? lower.split("::").map(expand) : [expand(lower), []];
    // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
    const last = (tail.length > 0 ? tail : head);
    if (last.length > 0 && last[last.length - 1].includes(".")) {
        const v4 = ipv4(last.pop()!);
        if (v4 === undefined) {
            return undefined;
        }
        last.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    const missing = 8 - head.length - tail.length;
    if ((lower.includes("::") && missing < 1) || (!lower.includes("::") && missing !== 0)) {
        return undefined;
    }
    const groups = [...head, ...Array(lower.includes("::") ? missing : 0).fill("0"), ...tail];
    if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) {
        return undefined;
    }
    return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseRange(cidr: string): Range | undefined {
    const match = /^\s*([^/\s]+)\s*\/\s*([0-9]{1,3})\s*$/.exec(cidr);
    if (!match) {
        return undefined;
    }
    const prefix = Number(match[2]);
    const v4 = ipv4(match[1]);
    if (v4 !== undefined && prefix <= 32) {
        const size = 32n - BigInt(prefix);
        return { family: 4, prefix, first: (v4 >> size) << size };
    }
    const v6 = ipv6(match[1]);
    if (v6 !== undefined && prefix <= 128) {
        const size = 128n - BigInt(prefix);
        return { family: 6, prefix, first: (v6 >> size) << size };
    }
    return undefined;
}

// Address space that is not the public internet: private, shared (CGNAT), loopback, link-local, unique local.
const NOT_PUBLIC = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "fc00::/7", "fe80::/10", "::1/128"].map((c) => parseRange(c)!);

function inside(inner: Range, outer: Range): boolean {
    if (inner.family !== outer.family || inner.prefix < outer.prefix) {
        return false;
    }
    const bits = BigInt((inner.family === 4 ? 32 : 128) - outer.prefix);
    return (inner.first >> bits) === (outer.first >> bits);
}

/**
 * Whether a CIDR admits the internet: the whole address space in any spelling (0.0.0.0/0, 000.000.000.000/0,
 * ::/0, 0:0:0:0:0:0:0:0/0), or a public range as wide as facts.widePublicPrefix or wider (0.0.0.0/1 with
 * 128.0.0.0/1, a public /8). Private ranges of any size are not the internet.
 */
export function isInternet(cidr: string): boolean {
    const range = parseRange(cidr);
    if (range === undefined) {
        return false;
    }
    if (range.prefix === 0) {
        return true;
    }
    const widest = range.family === 4 ? FACTS.widePublicPrefix.ipv4 : FACTS.widePublicPrefix.ipv6;
    return range.prefix <= widest && !NOT_PUBLIC.some((n) => inside(range, n));
}
