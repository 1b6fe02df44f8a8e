/**
 * MTA-STS policy and BIMI logo fetches against nginx on loopback (see https-server.ts), with DNS
 * from a FixtureResolver that points every scenario host at 127.0.0.1.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { checkBimi, checkMtaSts, type FetchFailure, type HttpsFetch } from "../../src/transport/index.ts";
import { requireBinary } from "../helpers/servers.ts";
import { GOOD_POLICY, type HttpsServer, LF_POLICY, startHttpsServer } from "./https-server.ts";

const SCENARIOS = [
  "good",
  "lf",
  "redirect",
  "ctype",
  "big",
  "wrongname",
  "selfsigned",
  "missing",
  "slow",
  "mismatch",
  "broken",
  "stall",
];
const records: Record<string, unknown> = {
  "images.good.example": { A: ["127.0.0.1"] },
  "default._bimi.good.example": { TXT: ["v=BIMI1; l=https://images.good.example/good.svg; a=;"] },
  "default._bimi.bad.example": { TXT: ["v=BIMI1; l=https://images.good.example/bad.svg"] },
  "default._bimi.big.example": { TXT: ["v=BIMI1; l=https://images.good.example/big.svg"] },
  "default._bimi.gone.example": { TXT: ["v=BIMI1; l=https://images.good.example/gone.svg"] },
  "default._bimi.slowdns.example": { TXT: { timeout: true } },
  "nohost.example": { MX: [{ preference: 10, exchange: "mx1.nohost.example" }] },
  "_mta-sts.nohost.example": { TXT: ["v=STSv1; id=1"] },
  "_mta-sts.dnsfail.example": { TXT: { timeout: true } },
  "dnsfail.example": { MX: [{ preference: 10, exchange: "mx1.dnsfail.example" }] },
  "_mta-sts.hostfail.example": { TXT: ["v=STSv1; id=1"] },
  "mta-sts.hostfail.example": { "*": { rcode: "SERVFAIL" } },
  "none.example": { MX: [{ preference: 10, exchange: "mx1.none.example" }] },
  "_mta-sts.multi.example": { TXT: ["v=STSv1; id=1", "v=STSv1; id=2"] },
};
for (const s of SCENARIOS) {
  records[`_mta-sts.${s}.example`] = { TXT: [["v=STSv1; ", "id=20240101T000000"], "some-verification=abc"] };
  records[`mta-sts.${s}.example`] = { A: ["127.0.0.1"] };
  records[`${s}.example`] = { MX: [{ preference: 10, exchange: `mx1.${s}.example` }] };
}
records["good.example"] = {
  MX: [
    { preference: 10, exchange: "mx1.good.example" },
    { preference: 20, exchange: "mx2.backup.good.example" },
  ],
};
records["mismatch.example"] = {
  MX: [
    { preference: 10, exchange: "mx1.mismatch.example" },
    { preference: 20, exchange: "mx2.mismatch.example" },
  ],
};
const resolver = new FixtureResolver({ version: 1, records });

const run = requireBinary("nginx", "nginx-light") && requireBinary("openssl", "openssl");

describe.runIf(run)("HTTPS fetches against nginx", () => {
  let server: HttpsServer;
  let blackHole: Server;
  let blackHolePort = 0;
  const held = new Set<Socket>();
  const opts = () => ({ resolver, ca: server.pki.caPem, port: server.port, timeoutMs: 1500 });

  beforeAll(async () => {
    server = await startHttpsServer();
    // A TCP server that accepts and never answers: the TLS handshake stalls.
    blackHole = createServer((socket) => {
      held.add(socket);
      socket.on("close", () => held.delete(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const address = blackHole.address();
    blackHolePort = typeof address === "object" && address ? address.port : 0;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => (blackHole ? blackHole.close(() => resolve()) : resolve()));
  });

  it("a valid policy: status valid, mode enforce, every MX covered", async () => {
    const r = await checkMtaSts("good.example", opts());
    expect(r.status).toBe("valid");
    expect(r.mode).toBe("enforce");
    expect(r.record).toMatchObject({
      outcome: "valid",
      id: "20240101T000000",
      records: ["v=STSv1; id=20240101T000000"],
    });
    expect(r.policy?.fetch).toMatchObject({
      outcome: "ok",
      httpStatus: 200,
      contentType: "text/plain",
      address: "127.0.0.1",
    });
    expect(r.policy?.fetch.certificate?.subjectAltName).toContain("DNS:mta-sts.good.example");
    expect(r.policy?.parse?.policy).toEqual({
      version: "STSv1",
      mode: "enforce",
      mx: ["mx1.good.example", "*.backup.good.example"],
      maxAge: 604800,
    });
    expect(r.mx.coverage).toEqual({
      hosts: [
        { host: "mx1.good.example", matchedBy: ["mx1.good.example"] },
        { host: "mx2.backup.good.example", matchedBy: ["*.backup.good.example"] },
      ],
      uncovered: [],
      unusedPatterns: [],
    });
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("the fixtures keep their line endings (CRLF and LF policies are both tested)", () => {
    expect(GOOD_POLICY).toContain("\r\n");
    expect(LF_POLICY).not.toContain("\r");
  });

  it("a policy with LF line endings is valid (RFC 8461 errata 6253)", async () => {
    const r = await checkMtaSts("lf.example", opts());
    expect(r).toMatchObject({ status: "valid", mode: "testing" });
  });

  const failures: Array<[string, FetchFailure, string]> = [
    ["redirect", "redirect", "mta-sts-policy-redirect"],
    ["ctype", "content-type", "mta-sts-policy-content-type"],
    ["big", "too-large", "mta-sts-policy-too-large"],
    ["wrongname", "certificate", "mta-sts-policy-certificate"],
    ["selfsigned", "certificate", "mta-sts-policy-certificate"],
    ["missing", "http-status", "mta-sts-policy-http-status"],
    ["slow", "timeout", "mta-sts-policy-timeout"],
  ];
  it.each(failures)("%s: unreachable, failure %s, diagnostic %s", async (scenario, failure, code) => {
    const started = Date.now();
    const r = await checkMtaSts(`${scenario}.example`, opts());
    expect(r.status).toBe("unreachable");
    expect(r.record.outcome).toBe("valid");
    expect(r.policy?.fetch.outcome).toBe("failed");
    expect(r.policy?.fetch.failure).toBe(failure);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("details of the failures carry the evidence", async () => {
    const redirect = await checkMtaSts("redirect.example", opts());
    expect(redirect.policy?.fetch).toMatchObject({
      httpStatus: 301,
      location: "https://mta-sts.good.example/.well-known/mta-sts.txt",
    });
    const ctype = await checkMtaSts("ctype.example", opts());
    expect(ctype.policy?.fetch.contentType).toBe("text/html");
    expect(ctype.policy?.parse?.valid).toBe(true);
    const wrong = await checkMtaSts("wrongname.example", opts());
    expect(wrong.policy?.fetch).toMatchObject({ errorCode: "ERR_TLS_CERT_ALTNAME_INVALID" });
    expect(wrong.policy?.fetch.certificate?.subjectAltName).toBe("DNS:other.invalid");
    expect(wrong.policy?.fetch.body).toBeUndefined();
    const missing = await checkMtaSts("missing.example", opts());
    expect(missing.policy?.fetch.httpStatus).toBe(404);
    const big = await checkMtaSts("big.example", opts());
    expect(big.policy?.fetch.bytes).toBeGreaterThan(65536);
  });

  it("a TLS handshake that never completes times out", async () => {
    const r = await checkMtaSts("stall.example", { ...opts(), port: blackHolePort, timeoutMs: 800 });
    expect(r.status).toBe("unreachable");
    expect(r.policy?.fetch).toMatchObject({ failure: "timeout" });
  });

  it("a closed port is a connection failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await checkMtaSts("good.example", { ...opts(), port });
    expect(r.policy?.fetch).toMatchObject({ outcome: "failed", failure: "connect", errorCode: "ECONNREFUSED" });
  });

  it("an enforce policy that misses an MX, and a pattern that matches none", async () => {
    const r = await checkMtaSts("mismatch.example", opts());
    expect(r.status).toBe("valid");
    expect(r.mx.coverage?.uncovered).toEqual(["mx2.mismatch.example"]);
    expect(r.mx.coverage?.unusedPatterns).toEqual(["mail.old-provider.example"]);
    expect(r.diagnostics.find((d) => d.code === "mta-sts-mx-uncovered")).toMatchObject({
      severity: "error",
      name: "mx2.mismatch.example",
    });
    expect(r.diagnostics.find((d) => d.code === "mta-sts-mx-pattern-unused")).toMatchObject({ severity: "warning" });
  });

  it("a policy with syntax errors is invalid, with positions in the policy", async () => {
    const r = await checkMtaSts("broken.example", opts());
    expect(r.status).toBe("invalid");
    expect(r.policy?.parse?.diagnostics.map((d) => [d.code, d.line])).toEqual(
      expect.arrayContaining([
        ["mta-sts-policy-version", 1],
        ["mta-sts-policy-mode", 2],
        ["mta-sts-policy-unknown-field", 3],
        ["mta-sts-policy-mx-pattern", 4],
      ]),
    );
  });

  it("the default fetch can be replaced (injectable HttpsFetch)", async () => {
    const calls: string[] = [];
    const fake: HttpsFetch = async (req) => {
      calls.push(`${req.host} ${req.address}:${req.port}${req.path}`);
      return {
        ok: true,
        status: 200,
        headers: { contentType: "text/plain; charset=utf-8" },
        body: "version: STSv1\nmode: none\nmax_age: 86400\n",
        bytes: 40,
      };
    };
    const r = await checkMtaSts("good.example", { resolver, fetch: fake });
    expect(calls).toEqual(["mta-sts.good.example 127.0.0.1:443/.well-known/mta-sts.txt"]);
    expect(r).toMatchObject({ status: "valid", mode: "none" });
  });

  it("BIMI: a conforming logo with DMARC at enforcement is valid", async () => {
    const r = await checkBimi("good.example", { ...opts(), dmarc: { p: "reject" } });
    expect(r.status).toBe("valid");
    expect(r.logo?.fetch).toMatchObject({ outcome: "ok", contentType: "image/svg+xml" });
    expect(r.logo?.svg).toMatchObject({ valid: true, title: "Contoso" });
    expect(r.dmarc.status).toBe("ok");
  });

  it("BIMI: the same logo with p=none is invalid for DMARC", async () => {
    const r = await checkBimi("good.example", { ...opts(), dmarc: { p: "none" } });
    expect(r.status).toBe("invalid");
    expect(r.diagnostics.map((d) => d.code)).toContain("bimi-dmarc-insufficient");
  });

  it("BIMI: a hostile logo, an oversized logo and a missing logo are invalid", async () => {
    const bad = await checkBimi("bad.example", { ...opts(), dmarc: { p: "reject" } });
    expect(bad.status).toBe("invalid");
    expect(bad.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(["svg-forbidden-element", "svg-external-reference", "svg-version"]),
    );
    const big = await checkBimi("big.example", { ...opts(), dmarc: { p: "reject" } });
    expect(big.logo?.fetch.failure).toBe("too-large");
    expect(big.diagnostics.map((d) => d.code)).toContain("bimi-logo-too-large");
    const gone = await checkBimi("gone.example", { ...opts(), dmarc: { p: "reject" } });
    expect(gone.logo?.fetch).toMatchObject({ failure: "http-status", httpStatus: 404 });
  });

  it("BIMI: falls back to the Organizational Domain's record", async () => {
    const r = await checkBimi("news.good.example", { ...opts(), orgDomain: "good.example", dmarc: { p: "reject" } });
    expect(r.lookups.map((l) => [l.name, l.dns.status])).toEqual([
      ["default._bimi.news.good.example", "nxdomain"],
      ["default._bimi.good.example", "ok"],
    ]);
    expect(r.recordName).toBe("default._bimi.good.example");
    expect(r.status).toBe("valid");
  });
});

describe("MTA-STS and BIMI: unknown is not absent (no server needed)", () => {
  const noFetch: HttpsFetch = async () => ({ ok: false, kind: "connect", message: "not called" });
  const table: Array<[string, string, string]> = [
    ["none.example", "absent", "no _mta-sts record"],
    ["dnsfail.example", "unknown", "the _mta-sts lookup timed out"],
    ["hostfail.example", "unknown", "the policy host's A/AAAA lookups answer SERVFAIL"],
    ["nohost.example", "unreachable", "the policy host does not exist"],
    ["multi.example", "invalid", "two v=STSv1 records"],
  ];
  it.each(table)("%s → %s (%s)", async (domain, status) => {
    const r = await checkMtaSts(domain, { resolver, fetch: noFetch });
    expect(r.status).toBe(status);
  });

  it("keeps the DNS evidence of an unknown lookup", async () => {
    const r = await checkMtaSts("dnsfail.example", { resolver, fetch: noFetch });
    expect(r.record).toMatchObject({
      outcome: "unknown",
      dns: { name: "_mta-sts.dnsfail.example", status: "timeout" },
    });
    expect(r.diagnostics.map((d) => d.code)).toContain("mta-sts-record-unknown");
    const host = await checkMtaSts("nohost.example", { resolver, fetch: noFetch });
    expect(host.policy?.fetch).toMatchObject({ outcome: "failed", failure: "host-not-found" });
  });

  it("BIMI: a timeout at the record is unknown", async () => {
    const r = await checkBimi("slowdns.example", { resolver, fetch: noFetch });
    expect(r.status).toBe("unknown");
  });
});
