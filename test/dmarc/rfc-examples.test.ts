/**
 * Every example record of RFC 7489 Appendix B and RFC 9989 Appendix B (and the §4.10 examples),
 * parsed, discovered and evaluated against zones written from the RFC text.
 */
import { describe, expect, it } from "vitest";
import { discoverDmarc } from "../../src/dmarc/discover.ts";
import { evaluateDmarc } from "../../src/dmarc/evaluate.ts";
import { parseDmarc } from "../../src/dmarc/parse.ts";
import { checkReportDestinations } from "../../src/dmarc/report-auth.ts";
import { codes, zone } from "./helpers.ts";

// RFC 7489 B.2.1 and RFC 9989 B.2.1 (the zone file splits it in two character-strings).
const B21 = ["v=DMARC1; p=none; ", "rua=mailto:dmarc-feedback@example.com"];
// B.2.2.
const B22 = "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@example.com";
// B.2.3 (both RFCs).
const B23 = "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@thirdparty.example.net";
// RFC 7489 B.2.4, published at _dmarc.test.example.com.
const B24_7489 =
  "v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net!10m; pct=25";
// RFC 9989 B.2.5, first and second versions.
const B25_9989 =
  "v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net; t=y";
const B25_9989_LATER =
  "v=DMARC1; p=reject; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net";
// B.3.1.
const B31 = "v=DMARC1; p=reject; aspf=r; rua=mailto:dmarc-feedback@example.com";

describe("RFC 7489 Appendix B and RFC 9989 Appendix B.2/B.3 records parse as the text says", () => {
  it("B.2.1: monitoring mode, aggregate reports; t absent so n applies", () => {
    const r = parseDmarc(B21.join(""));
    expect(r).toMatchObject({ isDmarc: true, policyStatus: "ok", errors: 0, diagnostics: [] });
    expect(r.record).toMatchObject({ p: "none", sp: "none", np: "none", t: "n", adkim: "r", aspf: "r" });
    expect(r.record?.rua.map((u) => u.address)).toEqual(["dmarc-feedback@example.com"]);
  });

  it("B.2.2: adds failure reports", () => {
    const r = parseDmarc(B22);
    expect(r.errors).toBe(0);
    expect(r.record?.ruf.map((u) => u.host)).toEqual(["example.com"]);
  });

  it("RFC 7489 B.2.4: two aggregate URIs, a 10 MiB limit and pct=25", () => {
    const r = parseDmarc(B24_7489, { spec: "rfc7489" });
    expect(r.diagnostics).toEqual([]);
    expect(r.record).toMatchObject({ p: "quarantine", pct: 25 });
    expect(r.record?.rua.map((u) => [u.uri, u.maxBytes])).toEqual([
      ["mailto:dmarc-feedback@example.com", undefined],
      ["mailto:tld-test@thirdparty.example.net", 10_485_760],
    ]);
    // Under RFC 9989 the same record carries obsolete syntax and a removed tag (Appendix C.4, C.5.2).
    expect(codes(parseDmarc(B24_7489))).toEqual(["dmarc-uri-size-limit", "dmarc-removed-tag"]);
  });

  it("RFC 9989 B.2.5: the test flag t=y, then p=reject", () => {
    expect(parseDmarc(B25_9989).record).toMatchObject({ p: "quarantine", t: "y" });
    expect(parseDmarc(B25_9989, { spec: "rfc7489" }).diagnostics.map((d) => d.code)).toEqual([
      "dmarc-tag-not-in-rfc7489",
    ]);
    expect(parseDmarc(B25_9989_LATER)).toMatchObject({ errors: 0, diagnostics: [] });
  });

  it("B.2.3 and B.2.4 (RFC 9989): third-party authorisation records", () => {
    expect(parseDmarc("v=DMARC1").isDmarc).toBe(true); // RFC 7489 as published
    expect(parseDmarc("v=DMARC1;").isDmarc).toBe(true); // erratum 5440
    const override = parseDmarc(
      "v=DMARC1; rua=mailto:aggregate-reports@thirdparty.example.net; ruf=mailto:failure-reports@thirdparty.example.net",
    );
    expect(override.isDmarc).toBe(true);
    expect(override.record?.ruf[0]?.address).toBe("failure-reports@thirdparty.example.net");
  });
});

const exampleZone = {
  "example.com": { A: ["192.0.2.1"] },
  "_dmarc.example.com": { TXT: [B21] },
  "test.example.com": { A: ["192.0.2.2"] },
  "_dmarc.test.example.com": { TXT: [B24_7489] },
};

describe("Appendix B.2: the records at work", () => {
  it("B.2.4 (RFC 7489): the record at _dmarc.test.example.com applies only to that subdomain", async () => {
    const d = await discoverDmarc("test.example.com", { resolver: zone(exampleZone), method: "rfc7489" });
    expect(d).toMatchObject({
      status: "found",
      policyDomain: "test.example.com",
      policy: { p: "quarantine", source: "p" },
    });
    const other = await discoverDmarc("other.example.com", { resolver: zone(exampleZone), method: "rfc7489" });
    expect(other.policyDomain).toBe("example.com");
  });

  it("B.2.3: ruf to thirdparty.example.net is authorised by example.com._report._dmarc.thirdparty.example.net", async () => {
    const records = {
      "example.com": { A: ["192.0.2.1"] },
      "_dmarc.example.com": { TXT: [B23] },
      "example.com._report._dmarc.thirdparty.example.net": { TXT: ["v=DMARC1;"] },
    };
    const d = await discoverDmarc("example.com", { resolver: zone(records) });
    const auth = await checkReportDestinations(d, { resolver: zone(records) });
    expect(auth.destinations.map((x) => [x.tag, x.uri.host, x.status])).toEqual([
      ["rua", "example.com", "same-organization"],
      ["ruf", "thirdparty.example.net", "authorized"],
    ]);
  });
});

describe("B.3.1: SMTP session example", () => {
  it("SPF mail.example.com and DKIM example.com both align with example.com: pass", async () => {
    const records = { "example.com": { A: ["192.0.2.1"] }, "_dmarc.example.com": { TXT: [B31] } };
    for (const method of ["rfc9989", "rfc7489"] as const) {
      const e = await evaluateDmarc(
        {
          fromDomain: "example.com",
          spf: { result: "pass", domain: "mail.example.com" },
          dkim: [{ result: "pass", domain: "example.com", selector: "s" }],
        },
        { resolver: zone(records), method },
      );
      expect(e).toMatchObject({
        result: "pass",
        alignedBy: ["spf", "dkim"],
        policy: { p: "reject", source: "p" },
        orgDomain: "example.com",
      });
    }
  });
});

const walkZone = {
  "example.com": { A: ["192.0.2.1"] },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject"] },
  "_dmarc.signing.example.com": { TXT: ["v=DMARC1; p=none"] },
  "bank.example": { A: ["192.0.2.10"] },
  "_dmarc.bank.example": { TXT: ["v=DMARC1; p=reject; psd=y"] },
  "giant.bank.example": { A: ["192.0.2.11"] },
  "_dmarc.giant.bank.example": { TXT: ["v=DMARC1; p=quarantine"] },
  "mail.giant.bank.example": { A: ["192.0.2.12"] },
  "mail.mega.bank.example": { A: ["192.0.2.13"] },
};

describe("RFC 9989 Appendix B.4: tree walk examples", () => {
  it("B.4.1: Author example.com, MAIL FROM example.com, DKIM signing.example.com: both aligned", async () => {
    const r = zone(walkZone);
    const e = await evaluateDmarc(
      {
        fromDomain: "example.com",
        spf: { result: "pass", domain: "example.com" },
        dkim: [{ result: "pass", domain: "signing.example.com", selector: "s1" }],
      },
      { resolver: r },
    );
    expect(e).toMatchObject({ result: "pass", alignedBy: ["spf", "dkim"], orgDomain: "example.com" });
    expect(e.evidence.identifiers[1]).toMatchObject({ aligned: true, orgDomain: "example.com" });
    expect(r.log.map((q) => q.name)).toEqual(
      expect.arrayContaining(["_dmarc.example.com", "_dmarc.com", "_dmarc.signing.example.com"]),
    );
  });

  it("B.4.2: the deep Author Domain takes example.com's policy through an eight-query walk", async () => {
    const r = zone(walkZone);
    const author = "a.b.c.d.e.f.g.h.i.j.k.example.com";
    const e = await evaluateDmarc(
      {
        fromDomain: author,
        spf: { result: "pass", domain: "example.com" },
        dkim: [{ result: "pass", domain: "signing.example.com" }],
      },
      { resolver: r },
    );
    expect(e).toMatchObject({ result: "pass", orgDomain: "example.com" });
    expect(e.evidence.discovery.lookups.map((l) => l.name)).toEqual([
      "_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com",
      "_dmarc.g.h.i.j.k.example.com",
      "_dmarc.h.i.j.k.example.com",
      "_dmarc.i.j.k.example.com",
      "_dmarc.j.k.example.com",
      "_dmarc.k.example.com",
      "_dmarc.example.com",
      "_dmarc.com",
    ]);
    expect(e.evidence.discovery.policyDomain).toBe("example.com");
    // The Author Domain is not in the zone: NXDOMAIN, so it is a non-existent subdomain (np, else sp, else p).
    expect(e.policy).toMatchObject({ p: "reject", source: "p", policyDomain: "example.com" });
  });

  it("B.4.3: psd=y at bank.example: SPF aligned (giant.bank.example), DKIM not (mega.bank.example)", async () => {
    const e = await evaluateDmarc(
      {
        fromDomain: "giant.bank.example",
        spf: { result: "pass", domain: "mail.giant.bank.example" },
        dkim: [{ result: "pass", domain: "mail.mega.bank.example" }],
      },
      { resolver: zone(walkZone) },
    );
    expect(e).toMatchObject({
      result: "pass",
      alignedBy: ["spf"],
      orgDomain: "giant.bank.example",
      policy: { p: "quarantine", source: "p", policyDomain: "giant.bank.example" },
    });
    expect(e.evidence.identifiers.map((i) => [i.method, i.aligned, i.orgDomain])).toEqual([
      ["spf", true, "giant.bank.example"],
      ["dkim", false, "mega.bank.example"],
    ]);
  });

  it("B.4.3 variant: a subdomain of the PSD without its own record gets the PSD policy (sp/np)", async () => {
    const d = await discoverDmarc("mail.mega.bank.example", { resolver: zone(walkZone) });
    expect(d.orgDomain.orgDomain).toBe("mega.bank.example");
    expect(d.policy).toEqual({ p: "reject", source: "p", policyDomain: "bank.example" });
  });

  it("§4.10.2 examples: fewest labels, psd=n, and psd=y at the TLD", async () => {
    const fewest = await discoverDmarc("a.mail.example.com", {
      resolver: zone({
        "_dmarc.mail.example.com": { TXT: ["v=DMARC1; p=none"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=none"] },
      }),
    });
    expect(fewest.orgDomain.orgDomain).toBe("example.com");
    const psdN = await discoverDmarc("a.mail.example.com", {
      resolver: zone({
        "_dmarc.mail.example.com": { TXT: ["v=DMARC1; p=none; psd=n"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=none"] },
      }),
    });
    expect(psdN.orgDomain.orgDomain).toBe("mail.example.com");
    const tld = await discoverDmarc("a.mail.example.com", {
      resolver: zone({ "_dmarc.com": { TXT: ["v=DMARC1; p=reject; psd=y"] } }),
    });
    expect(tld.orgDomain.orgDomain).toBe("example.com");
    expect(tld.policy?.policyDomain).toBe("com");
  });
});
