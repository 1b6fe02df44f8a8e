import { describe, expect, it } from "vitest";
import { discoverDmarc } from "../../src/dmarc/discover.ts";
import { walkTargets } from "../../src/dmarc/lookup.ts";
import { organizationalDomain } from "../../src/dmarc/org-domain.ts";
import { codes, zone } from "./helpers.ts";

const base = {
  "example.com": { A: ["192.0.2.1"] },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:d@example.com"] },
  "www.example.com": { A: ["192.0.2.2"] },
};

describe("discoverDmarc: which record and which policy", () => {
  it("uses the From domain's own record and its p", async () => {
    const d = await discoverDmarc("Example.COM.", { resolver: zone(base) });
    expect(d).toMatchObject({
      fromDomain: "example.com",
      status: "found",
      policyDomain: "example.com",
      recordName: "_dmarc.example.com",
      method: "rfc9989",
    });
    expect(d.policy).toEqual({ p: "reject", source: "p", policyDomain: "example.com" });
    expect(d.orgDomain.orgDomain).toBe("example.com");
    expect(d.subdomainPolicy).toEqual({
      existing: { p: "quarantine", source: "sp", policyDomain: "example.com" },
      nonExistent: { p: "reject", source: "np", policyDomain: "example.com" },
    });
    expect(d.record?.text).toBe(base["_dmarc.example.com"].TXT[0]);
  });

  it("applies sp to an existing subdomain and np to a non-existent one (RFC 9989 §4.10.1)", async () => {
    const existing = await discoverDmarc("www.example.com", { resolver: zone(base) });
    expect(existing.fromDomainExists).toBe(true);
    expect(existing.policy).toEqual({ p: "quarantine", source: "sp", policyDomain: "example.com" });
    const missing = await discoverDmarc("nowhere.example.com", { resolver: zone(base) });
    expect(missing.fromDomainExists).toBe(false);
    expect(missing.policy).toEqual({ p: "reject", source: "np", policyDomain: "example.com" });
    // RFC 7489 has no np: sp applies, and the difference is reported.
    expect(missing.other.policy).toEqual({ p: "quarantine", source: "sp", policyDomain: "example.com" });
    expect(codes(missing)).toContain("dmarc-methods-differ");
    const old = await discoverDmarc("nowhere.example.com", { resolver: zone(base), method: "rfc7489" });
    expect(old.policy).toEqual({ p: "quarantine", source: "sp", policyDomain: "example.com" });
  });

  it("falls back to p when the record has neither sp nor np", async () => {
    const d = await discoverDmarc("a.example.org", {
      resolver: zone({
        "a.example.org": { A: ["192.0.2.3"] },
        "_dmarc.example.org": { TXT: ["v=DMARC1; p=quarantine"] },
      }),
    });
    expect(d.policy).toEqual({ p: "quarantine", source: "p", policyDomain: "example.org" });
  });

  it("joins the character-strings of a split TXT record (RFC 9989 §4.5)", async () => {
    const d = await discoverDmarc("example.net", {
      resolver: zone({
        "example.net": { A: ["192.0.2.4"] },
        "_dmarc.example.net": { TXT: [["v=DMARC1; p=rej", "ect; rua=mailto:r@example.net"]] },
      }),
    });
    expect(d.policy?.p).toBe("reject");
  });

  it("says none when there is no record anywhere, and lists the names asked", async () => {
    const r = zone({ "example.com": { A: ["192.0.2.1"] } });
    const d = await discoverDmarc("mail.example.com", { resolver: r });
    expect(d.status).toBe("none");
    expect(d.lookups.map((l) => l.name)).toEqual(["_dmarc.mail.example.com", "_dmarc.example.com", "_dmarc.com"]);
    expect(d.orgDomain.orgDomain).toBe("mail.example.com"); // RFC 9989 §4.10.2: "the initial target domain"
    expect(d.other.orgDomain).toBe("example.com");
  });
});

describe("discoverDmarc: records the RFCs discard", () => {
  it("ignores TXT records that are not DMARC (RFC 9989 §4.10 step 2)", async () => {
    const d = await discoverDmarc("example.com", {
      resolver: zone({ "example.com": { A: ["192.0.2.1"] }, "_dmarc.example.com": { TXT: ["v=spf1 -all", "hello"] } }),
    });
    expect(d.status).toBe("none");
    expect(codes(d)).toContain("dmarc-non-dmarc-txt");
    expect(d.lookups[0]).toMatchObject({ txt: ["v=spf1 -all", "hello"], dmarc: [], outcome: "none" });
  });

  it("says why a record meant as DMARC is ignored (missing separator, leading space)", async () => {
    const d = await discoverDmarc("example.com", {
      resolver: zone({
        "example.com": { A: ["192.0.2.1"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1 p=reject", " v=DMARC1; p=none"] },
      }),
    });
    expect(d.status).toBe("none");
    const ignored = d.diagnostics.filter((x) => x.code === "dmarc-record-ignored");
    expect(ignored.map((x) => x.message)).toEqual([
      expect.stringMatching(/"DMARC1 p=reject" is not "DMARC1"/),
      expect.stringMatching(/leading whitespace/),
    ]);
    const lenient = await discoverDmarc("example.com", {
      resolver: zone({ "example.com": { A: ["192.0.2.1"] }, "_dmarc.example.com": { TXT: [" v=DMARC1; p=none"] } }),
      mode: "lenient",
    });
    expect(lenient.status).toBe("found");
  });

  it("discards several DMARC records at one name: RFC 9989 walks on, RFC 7489 stops", async () => {
    const records = {
      "mail.example.com": { A: ["192.0.2.5"] },
      "_dmarc.mail.example.com": { TXT: ["v=DMARC1; p=none", "v=DMARC1; p=reject"] },
      "_dmarc.example.com": { TXT: ["v=DMARC1; p=quarantine"] },
    };
    const tree = await discoverDmarc("mail.example.com", { resolver: zone(records) });
    expect(tree).toMatchObject({ status: "found", policyDomain: "example.com" });
    expect(tree.policy).toEqual({ p: "quarantine", source: "p", policyDomain: "example.com" });
    expect(codes(tree)).toContain("dmarc-multiple-records");
    const psl = await discoverDmarc("mail.example.com", { resolver: zone(records), method: "rfc7489" });
    expect(psl.status).toBe("none");
    expect(psl.reason).toMatch(/terminates/);
    expect(codes(psl)).toEqual(expect.arrayContaining(["dmarc-multiple-records", "dmarc-methods-differ"]));
  });

  it("follows a CNAME'd record and reports the alias; the policy domain stays the name asked", async () => {
    const d = await discoverDmarc("example.com", {
      resolver: zone({
        "example.com": { A: ["192.0.2.1"] },
        "_dmarc.example.com": { CNAME: "example-com.dmarc.vendor.example" },
        "example-com.dmarc.vendor.example": { TXT: ["v=DMARC1; p=reject"] },
      }),
    });
    expect(d).toMatchObject({ status: "found", policyDomain: "example.com" });
    expect(d.lookups[0]?.cnameChain).toEqual(["example-com.dmarc.vendor.example"]);
    expect(codes(d)).toContain("dmarc-record-cname");
  });

  it("reports an unusable record as invalid, and a p-less record with a valid rua as p=none", async () => {
    const bad = await discoverDmarc("example.com", {
      resolver: zone({ "example.com": { A: ["192.0.2.1"] }, "_dmarc.example.com": { TXT: ["v=DMARC1; p=bogus"] } }),
    });
    expect(bad.status).toBe("invalid");
    expect(bad.policy).toBeUndefined();
    expect(codes(bad.record as never)).toContain("dmarc-policy-unusable");
    const fallback = await discoverDmarc("example.com", {
      resolver: zone({
        "example.com": { A: ["192.0.2.1"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1; rua=mailto:d@example.com"] },
      }),
    });
    expect(fallback.status).toBe("found");
    expect(fallback.record?.policyStatus).toBe("fallback-none");
    expect(fallback.policy?.p).toBe("none");
  });
});

describe("discoverDmarc: a DNS failure is never 'no record'", () => {
  for (const failure of [{ timeout: true }, { rcode: "SERVFAIL" }, { rcode: "REFUSED" }]) {
    it(`_dmarc.<from> ${JSON.stringify(failure)} -> temperror (both methods)`, async () => {
      const records = { "example.com": { A: ["192.0.2.1"] }, "_dmarc.example.com": { TXT: failure } };
      for (const method of ["rfc9989", "rfc7489"] as const) {
        const d = await discoverDmarc("example.com", { resolver: zone(records), method });
        expect(d.status).toBe("temperror");
        expect(d.reason).toMatch(/could not tell/);
      }
    });
  }

  it("a parent that times out during the walk makes the policy of a record-less subdomain unknown", async () => {
    const records = { "www.example.com": { A: ["192.0.2.2"] }, "_dmarc.example.com": { TXT: { timeout: true } } };
    const d = await discoverDmarc("www.example.com", { resolver: zone(records) });
    expect(d.status).toBe("temperror");
    expect(d.orgDomain.status).toBe("temperror");
    const psl = await discoverDmarc("www.example.com", { resolver: zone(records), method: "rfc7489" });
    expect(psl.status).toBe("temperror");
  });

  it("a failure above the record that decides does not matter to the From domain's own record", async () => {
    const d = await discoverDmarc("example.com", {
      resolver: zone({
        "example.com": { A: ["192.0.2.1"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject"] },
        "_dmarc.com": { TXT: { rcode: "SERVFAIL" } },
      }),
    });
    expect(d.status).toBe("found");
    expect(d.orgDomain.status).toBe("temperror");
  });

  it("unknown existence keeps sp and says np might apply", async () => {
    const d = await discoverDmarc("maybe.example.com", {
      resolver: zone({ ...base, "maybe.example.com": { TXT: { timeout: true } } }),
    });
    expect(d.fromDomainExists).toBe("unknown");
    expect(d.policy?.source).toBe("sp");
    expect(codes(d)).toContain("dmarc-existence-unknown");
  });
});

describe("RFC 9989 §4.10: the tree walk", () => {
  it("asks at most eight names, skipping to seven labels (the §4.10 example)", async () => {
    expect(walkTargets("a.b.c.d.e.f.g.h.i.j.mail.example.com")).toEqual([
      "a.b.c.d.e.f.g.h.i.j.mail.example.com",
      "g.h.i.j.mail.example.com",
      "h.i.j.mail.example.com",
      "i.j.mail.example.com",
      "j.mail.example.com",
      "mail.example.com",
      "example.com",
      "com",
    ]);
    const r = zone({ "example.com": { A: ["192.0.2.1"] } });
    await discoverDmarc("a.b.c.d.e.f.g.h.i.j.mail.example.com", { resolver: r });
    const dmarcQuestions = r.log.filter((e) => e.name.startsWith("_dmarc."));
    expect(dmarcQuestions).toHaveLength(8);
    expect(r.unique).toBe(r.questions); // each (name, type) once
  });

  it("the §5.1.8 example: a psd=n record beyond eight labels is never found", async () => {
    expect(walkTargets("mail.a.b.c.d.e.f.g.example.com")).toEqual([
      "mail.a.b.c.d.e.f.g.example.com",
      "c.d.e.f.g.example.com",
      "d.e.f.g.example.com",
      "e.f.g.example.com",
      "f.g.example.com",
      "g.example.com",
      "example.com",
      "com",
    ]);
  });

  it("psd=n makes a subdomain its own Organizational Domain, where the PSL says otherwise", async () => {
    const records = {
      "x.dept.example.com": { A: ["192.0.2.9"] },
      "_dmarc.dept.example.com": { TXT: ["v=DMARC1; p=none; sp=none; psd=n"] },
      "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject"] },
    };
    const d = await discoverDmarc("x.dept.example.com", { resolver: zone(records) });
    expect(d.orgDomain).toMatchObject({ orgDomain: "dept.example.com", reason: expect.stringMatching(/psd=n/) });
    expect(d.policy).toEqual({ p: "none", source: "sp", policyDomain: "dept.example.com" });
    expect(d.other).toMatchObject({
      method: "rfc7489",
      policyDomain: "example.com",
      orgDomain: "example.com",
      policy: { p: "reject", source: "p" },
    });
    expect(codes(d)).toContain("dmarc-methods-differ");
    // The walk stops at psd=n: _dmarc.example.com is asked (concurrently) but not used.
    expect(d.orgDomain.walk?.map((w) => [w.domain, w.used])).toEqual([
      ["x.dept.example.com", true],
      ["dept.example.com", true],
      ["example.com", false],
      ["com", false],
    ]);
  });

  it("organizationalDomain() by either method, on its own", async () => {
    const r = zone({ "_dmarc.example.com": { TXT: ["v=DMARC1; p=none"] } });
    expect((await organizationalDomain("a.b.example.com", { resolver: r })).orgDomain).toBe("example.com");
    expect((await organizationalDomain("a.b.example.co.uk", { resolver: r, method: "rfc7489" })).orgDomain).toBe(
      "example.co.uk",
    );
    expect((await organizationalDomain("not a domain", { resolver: r })).status).toBe("invalid");
    expect((await organizationalDomain("a.b.example.co.uk", { method: "rfc7489" })).orgDomain).toBe("example.co.uk");
    expect(await organizationalDomain("a.b.example.com")).toMatchObject({
      status: "invalid",
      reason: expect.stringMatching(/needs a resolver/),
    });
  });
});
