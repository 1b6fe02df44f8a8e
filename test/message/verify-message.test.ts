import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { type DKIMSignOptions, dkimSign } from "mailauth";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { verifyMessage } from "../../src/message/verify-message.ts";
import type { DmarcHook, SpfHook } from "../../src/message/verify-types.ts";
import { LoggingResolver, readFixture } from "../dkim/helpers.ts";

const rsaKey = readFixture("conformance/dkim-rfc8463-mailauth/private-rsa.key").toString();
const rsaPub =
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
const small = generateKeyPairSync("rsa", { modulusLength: 512 });
const smallPub = small.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const smallPem = small.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const zone = new FixtureResolver({
  version: 1,
  records: {
    "s1._domainkey.example.org": { TXT: [`v=DKIM1; k=rsa; p=${rsaPub}`] },
    "testing._domainkey.example.org": { TXT: [`v=DKIM1; k=rsa; t=y; p=${rsaPub}`] },
    "revoked._domainkey.example.org": { TXT: ["v=DKIM1; k=rsa; p="] },
    "small._domainkey.example.org": { TXT: [`v=DKIM1; k=rsa; p=${smallPub}`] },
    "gone._domainkey.example.org": { CNAME: "gone-example-org._domainkey.example.onmicrosoft.com" },
    "flaky._domainkey.example.org": { TXT: { rcode: "SERVFAIL" } },
    "sha256only._domainkey.example.org": { TXT: [`v=DKIM1; h=sha256; p=${rsaPub}`] },
  },
});

const message = [
  "From: Alice <alice@example.org>",
  "To: bob@example.net",
  "Subject: hello",
  "Date: Mon, 23 Nov 2026 10:00:00 +0000",
  "Message-ID: <1@example.org>",
  "Return-Path: <bounce@mail.example.org>",
  "",
  "Hello Bob.",
  "",
].join("\r\n");

/** Signs with mailauth's signer (shared settings at the top level, the key per signature in signatureData). */
async function sign(raw: string, options: Partial<DKIMSignOptions> & { selector: string }): Promise<string> {
  const { selector, privateKey = rsaKey, ...shared } = options;
  const result = await dkimSign(raw, {
    canonicalization: "relaxed/relaxed",
    ...shared,
    signingDomain: "example.org",
    selector,
    privateKey,
    signatureData: [{ signingDomain: "example.org", selector, privateKey }],
  });
  expect(result.errors).toEqual([]);
  expect(result.signatures).toMatch(/^DKIM-Signature: /);
  return result.signatures + raw;
}

describe("verifyMessage", () => {
  it("passes a good signature and carries the key lookup as evidence", async () => {
    const r = await verifyMessage(await sign(message, { selector: "s1" }), { resolver: zone });
    expect(r.dkim).toHaveLength(1);
    expect(r.dkim[0]).toMatchObject({
      domain: "example.org",
      selector: "s1",
      algorithm: "rsa-sha256",
      result: "pass",
      keyBits: 1024,
      verified: true,
      testing: false,
    });
    expect(r.dkim[0]?.key).toMatchObject({
      status: "ok",
      name: "s1._domainkey.example.org",
      evidence: [{ status: "ok" }],
    });
    expect(r.from).toEqual({ domain: "example.org", addresses: ["alice@example.org"], fields: 1 });
    expect(r.returnPath).toBe("bounce@mail.example.org");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("uses the given clock for signature expiry (x=)", async () => {
    const signed = await sign(message, {
      selector: "s1",
      signTime: new Date("2026-01-01T00:00:00Z"),
      expires: new Date("2026-02-01T00:00:00Z"),
    });
    const before = await verifyMessage(signed, { resolver: zone, now: new Date("2026-01-15T00:00:00Z") });
    expect(before.dkim[0]).toMatchObject({
      result: "pass",
      expiresAt: "2026-02-01T00:00:00.000Z",
      signedAt: "2026-01-01T00:00:00.000Z",
    });
    const after = await verifyMessage(signed, { resolver: zone, now: Date.parse("2026-03-01T00:00:00Z") });
    expect(after.dkim[0]).toMatchObject({ result: "neutral", reason: "expired" });
  });

  it("a changed body fails (RFC 6376 §6.1.3), a changed signed header fails", async () => {
    const signed = await sign(message, { selector: "s1" });
    const body = await verifyMessage(signed.replace("Hello Bob.", "Hello Eve."), { resolver: zone });
    expect(body.dkim[0]).toMatchObject({ result: "fail", reason: "body hash did not verify (the body was changed)" });
    const header = await verifyMessage(signed.replace("Subject: hello", "Subject: HELLO!"), { resolver: zone });
    expect(header.dkim[0]).toMatchObject({ result: "fail" });
  });

  it("explains key failures from our own lookup: dangling CNAME, revoked, missing, temperror", async () => {
    const results = await Promise.all(
      ["gone", "revoked", "nokey", "flaky"].map(
        async (selector) => (await verifyMessage(await sign(message, { selector }), { resolver: zone })).dkim[0],
      ),
    );
    expect(results.map((d) => [d?.result, d?.key?.status])).toEqual([
      ["permerror", "dangling"],
      ["permerror", "revoked"],
      ["permerror", "missing"],
      ["temperror", "temperror"],
    ]);
    expect(results[0]?.reason).toContain("gone-example-org._domainkey.example.onmicrosoft.com, which does not exist");
    expect(results[0]?.key?.cname?.provider).toBe("microsoft365");
    expect(results[1]?.reason).toContain("revoked");
  });

  it("refuses keys under 1024 bits and rsa-sha1 by default (RFC 8301), both configurable", async () => {
    const weak = await sign(message, { selector: "small", privateKey: smallPem });
    expect((await verifyMessage(weak, { resolver: zone })).dkim[0]).toMatchObject({ result: "policy", keyBits: 512 });
    expect((await verifyMessage(weak, { resolver: zone, minKeyBits: 512 })).dkim[0]?.result).toBe("pass");
    const sha1 = await sign(message, { selector: "s1", algorithm: "rsa-sha1" });
    expect((await verifyMessage(sha1, { resolver: zone })).dkim[0]).toMatchObject({
      result: "policy",
      reason: expect.stringContaining("RFC 8301 §3.1"),
    });
    expect((await verifyMessage(sha1, { resolver: zone, rejectRsaSha1: false })).dkim[0]?.result).toBe("pass");
    const restricted = await sign(message, { selector: "sha256only", algorithm: "rsa-sha1" });
    expect((await verifyMessage(restricted, { resolver: zone, rejectRsaSha1: false })).dkim[0]?.result).toBe(
      "permerror",
    );
  });

  it("flags keys in testing mode (t=y)", async () => {
    const r = await verifyMessage(await sign(message, { selector: "testing" }), { resolver: zone });
    expect(r.dkim[0]).toMatchObject({ result: "pass", testing: true });
    expect(r.dkim[0]?.key?.diagnostics.map((d) => d.code)).toEqual(["testing-mode", "rsa-key-weak"]);
  });

  it("reports signatures the verifier cannot process instead of dropping them", async () => {
    const signed = await sign(message, { selector: "s1" });
    const unknown = await verifyMessage(signed.replace("a=rsa-sha256", "a=rsa-sha512"), { resolver: zone });
    expect(unknown.dkim[0]).toMatchObject({ result: "neutral", reason: "unknown signing algorithm a=rsa-sha512" });
    const noDomain = await verifyMessage(signed.replace(/d=example\.org;/, ""), { resolver: zone });
    expect(noDomain.dkim[0]).toMatchObject({ result: "neutral", reason: "signature lacks d= or s=", key: null });
  });

  it("lenient by default like receivers, strict on request; the key reader decides about the key either way", async () => {
    const zoneData = JSON.parse(readFixture("conformance/dkim-rfc8463-mailauth/dns.json").toString()) as Record<
      string,
      unknown
    >;
    const noK = new FixtureResolver({
      version: 1,
      records: {
        ...zoneData,
        "brisbane._domainkey.football.example.com": {
          TXT: ["v=DKIM1; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="],
        },
      },
    });
    const signed = readFixture("conformance/dkim-rfc8463-mailauth/signed.eml");
    // One key reader decides in both modes (RFC 6376 §3.6.1: k= defaults to rsa): the Ed25519
    // key without k= is malformed, so the signature is a permerror even where mailauth's lenient
    // mode would infer the type; dkimpy and OpenDKIM refuse the key too.
    const lenient = await verifyMessage(signed, { resolver: noK });
    expect(lenient.dkim[0]).toMatchObject({
      result: "permerror",
      reason: expect.stringContaining("k= is absent and defaults to rsa"),
      key: { status: "malformed" },
    });
    expect(lenient.dkim[1]?.result).toBe("pass");
    const strict = await verifyMessage(signed, { resolver: noK, strict: true });
    expect(strict.dkim[0]).toMatchObject({
      result: "permerror",
      reason: expect.stringContaining("k= is absent and defaults to rsa"),
    });
    expect(strict.dkim[1]?.result).toBe("pass");
  });

  it("SPF and DMARC by default through checkHost and evaluateDmarc: one call says whether the message passes", async () => {
    const signed = await sign(message, { selector: "s1" });
    const bare = await verifyMessage(signed, { resolver: zone, ip: "192.0.2.1" });
    // No SPF record at mail.example.org and no DMARC record: evaluated, and none.
    expect(bare.spf).toEqual({ result: "none", domain: "mail.example.org", evaluated: true });
    expect(bare.dmarc).toEqual({ result: "none", alignedBy: [], policy: null, evaluated: true });
    const published = new FixtureResolver({
      version: 1,
      records: {
        ...zone.fixture.records,
        "mail.example.org": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"] },
        "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject; rua=mailto:d@example.org"] },
      },
    });
    const passing = await verifyMessage(signed, { resolver: published, ip: "192.0.2.1" });
    expect(passing.spf).toEqual({ result: "pass", domain: "mail.example.org", evaluated: true });
    expect(passing.dmarc).toEqual({ result: "pass", alignedBy: ["spf", "dkim"], policy: "reject", evaluated: true });
    const spoofed = await verifyMessage(
      signed.replace("Subject:", "X-Tampered: 1\r\nSubject:").replace(/\r\n\r\n/, "\r\n\r\nchanged "),
      { resolver: published, ip: "203.0.113.9" },
    );
    expect(spoofed.spf.result).toBe("fail");
    expect(spoofed.dmarc).toMatchObject({ result: "fail", alignedBy: [], policy: "reject" });

    const spfCalls: unknown[] = [];
    const spf: SpfHook = async (input) => {
      spfCalls.push({ ip: input.ip, mailFrom: input.mailFrom, helo: input.helo });
      return { result: "pass", domain: "mail.example.org" };
    };
    const dmarcCalls: unknown[] = [];
    const dmarc: DmarcHook = async (input) => {
      dmarcCalls.push({ fromDomain: input.fromDomain, spf: input.spf, dkim: input.dkim });
      return { result: "pass", alignedBy: ["spf", "dkim"], policy: "reject" };
    };
    const wired = await verifyMessage(signed, { resolver: zone, ip: "192.0.2.1", helo: "mta.example.org", spf, dmarc });
    expect(spfCalls).toEqual([{ ip: "192.0.2.1", mailFrom: "bounce@mail.example.org", helo: "mta.example.org" }]);
    expect(dmarcCalls).toEqual([
      {
        fromDomain: "example.org",
        spf: { result: "pass", domain: "mail.example.org" },
        dkim: [{ domain: "example.org", selector: "s1", result: "pass" }],
      },
    ]);
    expect(wired.spf).toEqual({ result: "pass", domain: "mail.example.org", evaluated: true });
    expect(wired.dmarc).toEqual({ result: "pass", alignedBy: ["spf", "dkim"], policy: "reject", evaluated: true });

    const explicit = await verifyMessage(signed, {
      resolver: zone,
      ip: "192.0.2.1",
      mailFrom: "other@elsewhere.example",
      spf,
    });
    expect(spfCalls[1]).toMatchObject({ mailFrom: "other@elsewhere.example" });
    expect(explicit.spf.evaluated).toBe(true);

    const noIp = await verifyMessage(signed, { resolver: zone, spf });
    expect(noIp.spf).toMatchObject({ evaluated: false, reason: "no client IP given (options.ip)" });

    const broken = await verifyMessage(signed, {
      resolver: zone,
      ip: "192.0.2.1",
      spf: async () => {
        throw new Error("boom");
      },
      dmarc: async () => ({ result: "maybe" }) as unknown as Awaited<ReturnType<DmarcHook>>,
    });
    expect(broken.spf).toMatchObject({ result: "none", evaluated: false, reason: "SPF evaluator failed: boom" });
    expect(broken.dmarc).toMatchObject({
      result: "none",
      evaluated: false,
      reason: 'DMARC evaluator returned "maybe"',
    });
  });

  it("no single author domain: DMARC is a permerror, with the reason", async () => {
    const twoFroms = `From: Mallory <m@evil.example>\r\n${message}`;
    const r = await verifyMessage(twoFroms, {
      resolver: zone,
      dmarc: async () => ({ result: "pass", alignedBy: [], policy: null }),
    });
    expect(r.from).toMatchObject({ domain: null, fields: 2 });
    expect(r.diagnostics.map((d) => d.code)).toContain("from-multiple");
    expect(r.dmarc).toMatchObject({ result: "permerror", evaluated: false });
    const sameDomain = await verifyMessage(`From: a2@example.org\r\n${message}`, { resolver: zone });
    expect(sameDomain.from.domain).toBe("example.org");
    expect(sameDomain.diagnostics.map((d) => d.code)).toContain("from-multiple");
  });

  it("asks each DNS question once, shared by mailauth and our key lookups", async () => {
    const signed = await sign(await sign(message, { selector: "s1" }), {
      selector: "s1",
      canonicalization: "simple/simple",
    });
    const logging = new LoggingResolver(zone);
    const r = await verifyMessage(signed, { resolver: logging });
    expect(r.dkim.map((d) => d.result)).toEqual(["pass", "pass"]);
    // The key once (the rest of the log is DMARC's, evaluated by default), and nothing twice.
    expect(logging.log.filter((q) => q.name.includes("._domainkey."))).toEqual([
      { name: "s1._domainkey.example.org", type: "TXT" },
    ]);
    expect(new Set(logging.log.map((q) => `${q.name}|${q.type}`)).size).toBe(logging.log.length);
  });

  it("bounds signatures: the excess is neither verified nor looked up", async () => {
    let signed = message;
    for (const selector of ["s1", "a1", "a2", "a3", "a4"]) signed = await sign(signed, { selector });
    const logging = new LoggingResolver(zone);
    const r = await verifyMessage(signed, { resolver: logging, maxSignatures: 2 });
    expect(r.dkim.map((d) => [d.selector, d.verified])).toEqual([
      ["a4", true],
      ["a3", true],
      ["a2", false],
      ["a1", false],
      ["s1", false],
    ]);
    expect(new Set(logging.log.map((q) => q.name).filter((n) => n.includes("._domainkey.")))).toEqual(
      new Set(["a4._domainkey.example.org", "a3._domainkey.example.org"]),
    );
  });

  it("bounds signatures that sign DKIM-Signature fields without cutting what they signed", async () => {
    const inner = await sign(message, { selector: "s1" });
    const outer = await sign(await sign(inner, { selector: "a1" }), {
      selector: "s1",
      headerList: ["from", "subject", "dkim-signature"],
    });
    const logging = new LoggingResolver(zone);
    const r = await verifyMessage(outer, { resolver: logging, maxSignatures: 1 });
    expect(r.dkim.map((d) => [d.selector, d.result, d.verified])).toEqual([
      ["s1", "pass", true],
      ["a1", "neutral", false],
      ["s1", "neutral", false],
    ]);
    expect(logging.log.map((q) => q.name)).not.toContain("a1._domainkey.example.org");
  });

  it("never throws on hostile input (property)", async () => {
    const fragments = fc.constantFrom(
      "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=s1; b=; bh=;",
      "From: a@b",
      "From:",
      "\r\n",
      "\n",
      " folded",
      ":",
      "\u0000",
      "\u00ff",
      "DKIM-Signature:",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.array(fragments, { maxLength: 30 }).map((p) => p.join("")),
          fc.uint8Array({ maxLength: 300 }),
        ),
        async (raw) => {
          const r = await verifyMessage(raw, { resolver: zone, maxSignatures: 3 });
          expect(Array.isArray(r.dkim)).toBe(true);
          expect(r.dkim.filter((d) => d.verified).length).toBeLessThanOrEqual(3);
          expect(JSON.parse(JSON.stringify(r))).toEqual(r);
        },
      ),
      { numRuns: 150 },
    );
  });
});
