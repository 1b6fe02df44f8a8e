/**
 * One key reader decides for key lookups and message verification (issue 11 §5): a key record
 * `lookupDkimKey` calls malformed never verifies a signature, whatever mailauth's own parser would
 * make of it. RFC 8463 §4.2 publishes the raw 32-byte Ed25519 key; RFC 6376 §3.2 makes a record
 * with a duplicate tag invalid; RSA keys over 16,384 bits are refused (bounded work).
 */
import { generateKeyPairSync } from "node:crypto";
import { dkimSign } from "mailauth";
import { describe, expect, it } from "vitest";
import { lookupDkimKey } from "../../src/dkim/lookup.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import type { SignatureField } from "../../src/message/message-header.ts";
import { keyNameOf, MessageKeys } from "../../src/message/message-keys.ts";
import { verifyMessage } from "../../src/message/verify-message.ts";

const ed = generateKeyPairSync("ed25519");
const edSpki = ed.publicKey.export({ type: "spki", format: "der" });
const edRaw = edSpki.subarray(edSpki.length - 32).toString("base64");
const edPem = ed.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsaPub = rsa.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const rsaPem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const message = [
  "From: Alice <alice@example.org>",
  "To: bob@example.net",
  "Subject: keys",
  "Date: Mon, 23 Nov 2026 10:00:00 +0000",
  "Message-ID: <keys@example.org>",
  "",
  "Hello.",
  "",
].join("\r\n");

async function sign(selector: string, privateKey: string, algorithm: "rsa-sha256" | "ed25519-sha256"): Promise<string> {
  const r = await dkimSign(message, {
    canonicalization: "relaxed/relaxed",
    signingDomain: "example.org",
    selector,
    privateKey,
    signatureData: [{ signingDomain: "example.org", selector, privateKey, algorithm }],
  });
  expect(r.errors).toEqual([]);
  return r.signatures + message;
}

function zone(records: Record<string, string>): FixtureResolver {
  const owners: Record<string, FixtureOwner> = {};
  for (const [selector, txt] of Object.entries(records)) owners[`${selector}._domainkey.example.org`] = { TXT: [txt] };
  return new FixtureResolver({ version: 1, records: owners });
}

describe("one key reader for lookups and verification", () => {
  it("an Ed25519 key published raw (RFC 8463 §4.2) passes", async () => {
    const resolver = zone({ ed: `v=DKIM1; k=ed25519; p=${edRaw}` });
    const r = await verifyMessage(await sign("ed", edPem, "ed25519-sha256"), { resolver });
    expect(r.dkim[0]).toMatchObject({ result: "pass", keyBits: 256, key: { status: "ok", usable: true } });
  });

  it("the same Ed25519 key wrapped in SubjectPublicKeyInfo is malformed for both: permerror, not pass", async () => {
    const resolver = zone({ ed: `v=DKIM1; k=ed25519; p=${edSpki.toString("base64")}` });
    const lookup = await lookupDkimKey("ed", "example.org", { resolver });
    expect(lookup).toMatchObject({ status: "malformed", usable: false, failure: "permerror" });
    expect(lookup.diagnostics.map((d) => d.code)).toContain("ed25519-key-not-raw");
    for (const strict of [false, true]) {
      const r = await verifyMessage(await sign("ed", edPem, "ed25519-sha256"), { resolver, strict });
      expect(r.dkim[0]).toMatchObject({ result: "permerror", key: { status: "malformed" } });
      expect(r.dkim[0]?.reason).toMatch(/SubjectPublicKeyInfo/);
    }
  });

  it.each([
    ["p= twice, the same key", (p: string) => `v=DKIM1; k=rsa; p=${p}; p=${p}`],
    ["p= twice, the second empty", (p: string) => `v=DKIM1; k=rsa; p=${p}; p=`],
    ["k= twice", (p: string) => `v=DKIM1; k=rsa; k=rsa; p=${p}`],
  ])("a duplicate tag (%s) makes the record invalid (RFC 6376 §3.2): permerror in both", async (_, record) => {
    const resolver = zone({ dup: record(rsaPub) });
    const lookup = await lookupDkimKey("dup", "example.org", { resolver });
    expect(lookup).toMatchObject({ status: "malformed", failure: "permerror" });
    expect(lookup.diagnostics.map((d) => d.code)).toContain("tag-duplicate");
    const r = await verifyMessage(await sign("dup", rsaPem, "rsa-sha256"), { resolver });
    expect(r.dkim[0]).toMatchObject({ result: "permerror", key: { status: "malformed" } });
    expect(r.dkim[0]?.reason).toMatch(/more than once/);
  });

  it("the verifier is given the key in canonical form: a bare PKCS#1 key still verifies", async () => {
    const pkcs1 = rsa.publicKey.export({ type: "pkcs1", format: "der" }).toString("base64");
    const resolver = zone({ bare: `v=DKIM1; p=${pkcs1}` });
    const r = await verifyMessage(await sign("bare", rsaPem, "rsa-sha256"), { resolver });
    expect(r.dkim[0]).toMatchObject({ result: "pass", keyBits: 2048, key: { record: { key: { encoding: "pkcs1" } } } });
  });

  it("a key refused by the reader is never fetched again by the verifier, and a changed body still fails first", async () => {
    const resolver = zone({ ed: `v=DKIM1; k=ed25519; p=${edSpki.toString("base64")}` });
    const signed = await sign("ed", edPem, "ed25519-sha256");
    // mailauth checks the body hash before it needs the key (RFC 6376 §6.1.3 step 3): "fail".
    const r = await verifyMessage(signed.replace("Hello.", "Hullo."), { resolver });
    expect(r.dkim[0]?.result).toBe("fail");
  });
});

describe("internationalised signing domains (RFC 8616)", () => {
  it("a signature with d= in U-labels finds its key at the A-label name, for the key reader and the verifier", async () => {
    const rsaPubIdn = rsa.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const resolver = new FixtureResolver({
      version: 1,
      records: { "idn._domainkey.xn--bcher-kva.example": { TXT: [`v=DKIM1; k=rsa; p=${rsaPubIdn}`] } },
    });
    const r = await dkimSign(message, {
      canonicalization: "relaxed/relaxed",
      signingDomain: "bücher.example",
      selector: "idn",
      privateKey: rsaPem,
      signatureData: [{ signingDomain: "bücher.example", selector: "idn", privateKey: rsaPem }],
    });
    const verified = await verifyMessage(r.signatures + message, { resolver });
    expect(verified.dkim[0]).toMatchObject({
      result: "pass",
      key: { status: "ok", name: "idn._domainkey.xn--bcher-kva.example" },
    });
  });

  it("the key of a U-label d= is looked up, and allowed to the verifier, at its A-label name", () => {
    const signature = { domain: "Bücher.example", selector: "idn" };
    expect(keyNameOf(signature)).toBe("idn._domainkey.xn--bcher-kva.example");
    const keys = new MessageKeys([signature as SignatureField], {
      resolver: new FixtureResolver({ version: 1, records: {} }),
    });
    expect(keys.allows("idn._domainkey.xn--bcher-kva.example")).toBe(true);
    expect(keys.allows("IDN._domainkey.XN--BCHER-KVA.example.")).toBe(true);
    expect(keys.allows("other._domainkey.xn--bcher-kva.example")).toBe(false);
  });
});
