import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { FixtureError } from "../../src/dns/fixture/validate.ts";
import type { DnsStatus, RRType } from "../../src/dns/types.ts";

/** The format's own example (docs/dns.md, "The fixture format"), plus a few cases of our own. */
const contract = {
  version: 1,
  $comment: "free text; ignored",
  recordedAt: "2026-11-20T10:00:00Z",
  records: {
    "contoso.example": {
      TXT: [
        "v=spf1 ip4:192.0.2.0/24 include:spf.protection.outlook.com -all",
        ["v=DKIM1; k=rsa; p=MIGf...", "...second character-string"],
      ],
      MX: [{ preference: 10, exchange: "mail.contoso.example" }],
      A: ["192.0.2.10"],
      AAAA: ["2001:db8::10"],
    },
    "selector1._domainkey.contoso.example": { CNAME: "selector1-contoso-example._domainkey.contoso.onmicrosoft.com" },
    "broken.contoso.example": { TXT: { rcode: "SERVFAIL" } },
    "slow.contoso.example": { "*": { timeout: true } },
    "4.3.2.1.in-addr.arpa": { PTR: ["mail.contoso.example"] },
    // Our additions.
    "selector1-contoso-example._domainkey.contoso.onmicrosoft.com": { TXT: ["v=DKIM1; k=rsa; p=AAAA"], $ttl: 3600 },
    "Mixed.Case.Example.": { TXT: ["mixed"] },
    "refused.contoso.example": { A: { rcode: "REFUSED" }, TXT: ["still here"] },
    "gone.contoso.example": { TXT: { rcode: "NXDOMAIN" } },
    "empty.contoso.example": { TXT: [] },
    "loop-a.contoso.example": { CNAME: "loop-b.contoso.example" },
    "loop-b.contoso.example": { CNAME: ["loop-a.contoso.example"] },
    "*._report._dmarc.reports.example": { TXT: ["v=DMARC1"] },
    "nullmx.contoso.example": { MX: [{ preference: 0, exchange: "." }] },
    "caa.contoso.example": { CAA: ['0 issue "letsencrypt.org"'], $ttl: { ttl: 60 } },
    "spf99.contoso.example": { SPF: ["v=spf1 -all"] },
  },
};

const chain: Record<string, { CNAME: string }> = {};
for (let i = 0; i < 10; i++) chain[`c${i}.chain.example`] = { CNAME: `c${i + 1}.chain.example` };

const resolver = new FixtureResolver({
  ...contract,
  records: { ...contract.records, ...chain, "c10.chain.example": { A: ["192.0.2.99"] } },
});

type Row = [
  name: string,
  type: RRType,
  status: DnsStatus,
  records?: unknown[],
  extra?: { cnameChain?: string[]; ttl?: number },
];
const table: Row[] = [
  [
    "contoso.example",
    "TXT",
    "ok",
    [
      ["v=spf1 ip4:192.0.2.0/24 include:spf.protection.outlook.com -all"],
      ["v=DKIM1; k=rsa; p=MIGf...", "...second character-string"],
    ],
  ],
  ["CONTOSO.EXAMPLE.", "MX", "ok", [{ preference: 10, exchange: "mail.contoso.example" }]],
  ["contoso.example", "A", "ok", ["192.0.2.10"], { ttl: 300 }],
  ["contoso.example", "AAAA", "ok", ["2001:db8::10"]],
  ["contoso.example", "PTR", "nodata", []],
  ["absent.contoso.example", "TXT", "nxdomain", []],
  [
    "selector1._domainkey.contoso.example",
    "TXT",
    "ok",
    [["v=DKIM1; k=rsa; p=AAAA"]],
    { cnameChain: ["selector1-contoso-example._domainkey.contoso.onmicrosoft.com"], ttl: 300 },
  ],
  [
    "selector1._domainkey.contoso.example",
    "CNAME",
    "ok",
    ["selector1-contoso-example._domainkey.contoso.onmicrosoft.com"],
    { cnameChain: [] },
  ],
  ["_domainkey.contoso.example", "TXT", "nodata", []],
  ["broken.contoso.example", "TXT", "servfail", []],
  ["broken.contoso.example", "A", "nodata", []],
  ["slow.contoso.example", "TXT", "timeout", []],
  ["slow.contoso.example", "A", "timeout", []],
  ["4.3.2.1.in-addr.arpa", "PTR", "ok", ["mail.contoso.example"]],
  ["mixed.case.example", "TXT", "ok", [["mixed"]]],
  ["refused.contoso.example", "A", "refused", []],
  ["refused.contoso.example", "TXT", "ok", [["still here"]]],
  ["gone.contoso.example", "TXT", "nxdomain", []],
  ["empty.contoso.example", "TXT", "nodata", []],
  ["loop-a.contoso.example", "TXT", "servfail", []],
  ["c2.chain.example", "A", "ok", ["192.0.2.99"]],
  ["c1.chain.example", "A", "servfail", []],
  ["contoso.example._report._dmarc.reports.example", "TXT", "ok", [["v=DMARC1"]]],
  ["_report._dmarc.reports.example", "TXT", "nodata", []],
  ["nullmx.contoso.example", "MX", "ok", [{ preference: 0, exchange: "" }]],
  ["caa.contoso.example", "CAA", "ok", ['0 issue "letsencrypt.org"'], { ttl: 60 }],
  ["spf99.contoso.example", "SPF", "ok", [["v=spf1 -all"]]],
  ["spf99.contoso.example", "TXT", "nodata", []],
  ["a".repeat(64) + ".example", "TXT", "error", []],
  ["foo..example", "TXT", "error", []],
];

describe("FixtureResolver", () => {
  it.each(table)("%s %s → %s", async (name, type, status, records, extra) => {
    const answer = await resolver.resolve(name, type);
    expect(answer.status).toBe(status);
    expect(answer.type).toBe(type);
    if (records) expect(answer.records).toEqual(records);
    if (extra?.cnameChain) expect(answer.cnameChain).toEqual(extra.cnameChain);
    if (extra?.ttl !== undefined) expect(answer.ttl).toBe(extra.ttl);
    if (status !== "ok") expect(answer.detail).toBeTruthy();
  });

  it("takes the smallest TTL along a CNAME chain", async () => {
    const r = new FixtureResolver({
      version: 1,
      records: { "a.example": { CNAME: "b.example", $ttl: 30 }, "b.example": { TXT: ["x"], $ttl: 600 } },
    });
    expect((await r.resolve("a.example", "TXT")).ttl).toBe(30);
  });

  it("gives a dangling CNAME as NXDOMAIN with the chain", async () => {
    const r = new FixtureResolver({ version: 1, records: { "a.example": { CNAME: "nowhere.example" } } });
    const answer = await r.resolve("a.example", "TXT");
    expect(answer.status).toBe("nxdomain");
    expect(answer.cnameChain).toEqual(["nowhere.example"]);
  });

  it("honours an abort signal and a latency", async () => {
    const slow = new FixtureResolver(contract, { latencyMs: 200 });
    const controller = new AbortController();
    const pending = slow.resolve("contoso.example", "TXT", { signal: controller.signal });
    controller.abort(new Error("user gave up"));
    const answer = await pending;
    expect(answer.status).toBe("error");
    expect(answer.detail).toContain("user gave up");
    const started = performance.now();
    expect((await slow.resolve("contoso.example", "A")).status).toBe("ok");
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("answers are plain JSON", async () => {
    const answer = await resolver.resolve("selector1._domainkey.contoso.example", "TXT");
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
  });
});

describe("FixtureResolver validation", () => {
  const bad: [string, unknown, RegExp][] = [
    ["unknown version", { version: 2, records: {} }, /unsupported fixture version 2/],
    ["missing records", { version: 1 }, /missing required field "records"/],
    [
      "MX without preference",
      { version: 1, records: { "a.example": { MX: [{ exchange: "mx.example" }] } } },
      /owner "a\.example", field MX\[0\]: missing required field "preference"/,
    ],
    [
      "bad IPv4",
      { version: 1, records: { "a.example": { A: ["192.0.2.300"] } } },
      /owner "a\.example", field A\[0\]: must be ipv4/,
    ],
    [
      "IPv4 in AAAA",
      { version: 1, records: { "a.example": { AAAA: ["192.0.2.1"] } } },
      /field AAAA\[0\]: must be ipv6/,
    ],
    ["TXT of numbers", { version: 1, records: { "a.example": { TXT: [42] } } }, /owner "a\.example", field TXT\[0\]/],
    [
      "lower-case type",
      { version: 1, records: { "a.example": { txt: ["x"] } } },
      /owner "a\.example": unknown field "txt"/,
    ],
    [
      "bad rcode",
      { version: 1, records: { "a.example": { TXT: { rcode: "FORMERR" } } } },
      /owner "a\.example", field TXT/,
    ],
    [
      "CNAME beside data",
      { version: 1, records: { "a.example": { CNAME: "b.example", TXT: ["x"] } } },
      /can hold no other data \(RFC 1034 §3\.6\.2\), found TXT/,
    ],
    ["unknown top-level field", { version: 1, records: {}, recorded: "x" }, /unknown field "recorded"/],
  ];
  it.each(bad)("rejects %s with a message naming owner and field", (_label, fixture, message) => {
    let error: unknown;
    try {
      new FixtureResolver(fixture);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message).toMatch(message);
    expect((error as FixtureError).problems.length).toBeGreaterThan(0);
  });

  it("reports every problem at once, an unknown field beside deeper ones", () => {
    const fixture = { version: 1, records: { "a.example": { MX: [{ exchange: "mx" }], A: ["1.2.3.999"], txt: [1] } } };
    expect(() => new FixtureResolver(fixture)).toThrow(
      /unknown field "txt"[\s\S]*MX\[0\]: missing required field "preference"[\s\S]*A\[0\]: must be ipv4/,
    );
  });

  it("reads a file, and names the file when it is not JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eaa-fixture-"));
    writeFileSync(join(dir, "ok.json"), JSON.stringify(contract));
    writeFileSync(join(dir, "bad.json"), "{ not json");
    const r = await FixtureResolver.fromFile(join(dir, "ok.json"));
    expect((await r.resolve("contoso.example", "A")).records).toEqual(["192.0.2.10"]);
    await expect(FixtureResolver.fromFile(join(dir, "bad.json"))).rejects.toThrow(
      /bad\.json is invalid:\n {2}- the fixture: not JSON/,
    );
  });
});
