import { createHash, X509Certificate } from "node:crypto";
import { rmSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchTlsa, parseTlsaRecord } from "../../src/transport/index.ts";
import { requireBinary } from "../helpers/servers.ts";
import { makePki, type TestPki } from "./certs.ts";

const SHA256 = "a".repeat(64);

describe("parseTlsaRecord (RFC 6698 §2, RFC 7672 §3.1)", () => {
  const usable: Array<[string, number, number, number]> = [
    [`3 1 1 ${SHA256}`, 3, 1, 1],
    [`2 1 1 ${SHA256.toUpperCase()}`, 2, 1, 1],
    [`3 1 1 ${SHA256.slice(0, 32)} ${SHA256.slice(32)}`, 3, 1, 1],
    [`( 3 0 2 ${"b".repeat(128)} )`, 3, 0, 2],
    [`DANE-EE SPKI SHA2-256 ${SHA256}`, 3, 1, 1],
    [`\\# 35 030101${SHA256}`, 3, 1, 1],
    [
      JSON.stringify({
        usage: 3,
        selector: 1,
        matchingType: 1,
        certificate: { type: "Buffer", data: Array(32).fill(170) },
      }),
      3,
      1,
      1,
    ],
  ];
  it.each(usable)("%s is usable", (text, usage, selector, matchingType) => {
    const r = parseTlsaRecord(text);
    expect(r.diagnostics).toEqual([]);
    expect(r).toMatchObject({ usable: true, record: { usage, selector, matchingType } });
  });

  const unusable: Array<[string, string]> = [
    [`0 0 1 ${SHA256}`, "dane-tlsa-usage-pkix"],
    [`1 1 1 ${SHA256}`, "dane-tlsa-usage-pkix"],
    [`4 1 1 ${SHA256}`, "dane-tlsa-usage-unknown"],
    [`3 2 1 ${SHA256}`, "dane-tlsa-selector-unknown"],
    [`3 1 3 ${SHA256}`, "dane-tlsa-matching-type-unknown"],
    [`3 1 1 ${SHA256.slice(2)}`, "dane-tlsa-digest-length"],
    [`3 1 2 ${SHA256}`, "dane-tlsa-digest-length"],
    ["3 1 0 3059301306", "dane-tlsa-full-data"],
    ["3 1 1", "dane-tlsa-syntax"],
    ["3 1 1 xyz", "dane-tlsa-syntax"],
    ["3 1 1 abc", "dane-tlsa-syntax"],
    ["256 1 1 ab", "dane-tlsa-syntax"],
    ["\\# 2 0301", "dane-tlsa-syntax"],
    ["\\# 9 030101ab", "dane-tlsa-syntax"],
    ["", "dane-tlsa-syntax"],
  ];
  it.each(unusable)("%s → %s", (text, code) => {
    const r = parseTlsaRecord(text);
    expect(r.usable).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
  });

  it("never throws for random or truncated input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.nat(80), (text, cut) => {
        for (const t of [text, `3 1 1 ${SHA256}`.slice(0, cut), `\\# ${text}`])
          expect(typeof parseTlsaRecord(t).usable).toBe("boolean");
      }),
    );
  });
});

describe("matchTlsa with certificates made by openssl", () => {
  let pki: TestPki | undefined;
  const run = requireBinary("openssl", "openssl");
  beforeAll(() => {
    if (run) pki = makePki(["mx1.example.com"]);
  });
  afterAll(() => {
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });
  const spki = (pem: string) => new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  const hex = (alg: string, data: Buffer) => createHash(alg).update(data).digest("hex");

  it.runIf(run)("matches 3 1 1, 3 0 1, 3 1 2 and 3 0 0 on the server certificate (DER or PEM)", () => {
    const p = pki as TestPki;
    const leafSpki = spki(p.server.pem);
    for (const record of [
      `3 1 1 ${hex("sha256", leafSpki)}`,
      `3 0 1 ${hex("sha256", p.server.der)}`,
      `3 1 2 ${hex("sha512", leafSpki)}`,
      `3 0 0 ${p.server.der.toString("hex")}`,
    ]) {
      const r = matchTlsa([record], [p.server.der, p.caDer]);
      expect(r.matched, record).toBe(true);
      expect(matchTlsa([record], `${p.server.pem}\n${p.caPem}`).matched).toBe(true);
    }
  });

  it.runIf(run)("matches 2 1 1 on the issuing CA, verifies the chain and the MX name", () => {
    const p = pki as TestPki;
    const record = `2 1 1 ${hex("sha256", spki(p.caPem))}`;
    const ok = matchTlsa([record], [p.server.der, p.caDer], { hostnames: ["mx1.example.com"] });
    expect(ok.matched).toBe(true);
    expect(ok.matches).toEqual([{ record: 0, usage: 2, certificate: 1, chainVerified: true, nameMatched: true }]);
    const wrongName = matchTlsa([record], [p.server.der, p.caDer], { hostnames: ["mx2.example.com"] });
    expect(wrongName.matched).toBe(false);
    // The wrong-name certificate is issued by the same CA; the self-signed one is not.
    const notIssued = matchTlsa([record], [p.selfSigned.pem, p.caPem]);
    expect(notIssued.matches[0]?.chainVerified).toBe(false);
    expect(notIssued.matched).toBe(false);
  });

  it.runIf(run)("does not match a DANE-EE record against the CA, nor a stale digest, nor PKIX usages", () => {
    const p = pki as TestPki;
    expect(matchTlsa([`3 1 1 ${hex("sha256", spki(p.caPem))}`], [p.server.der, p.caDer]).matched).toBe(false);
    const stale = matchTlsa([`3 1 1 ${hex("sha256", spki(p.wrong.pem))}`], [p.server.der]);
    expect(stale.matched).toBe(false);
    expect(stale.diagnostics.map((d) => d.code)).toContain("dane-tlsa-no-match");
    const pkix = matchTlsa([`1 1 1 ${hex("sha256", spki(p.server.pem))}`], [p.server.der]);
    expect(pkix).toMatchObject({ matched: false, usableRecords: 0 });
  });

  it("reports an unreadable chain instead of throwing", () => {
    const r = matchTlsa([`3 1 1 ${SHA256}`], [Buffer.from("not a certificate"), "garbage"]);
    expect(r.matched).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain("dane-chain-unreadable");
  });
});
