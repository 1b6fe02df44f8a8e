/**
 * The DKIM conformance data of ../shared/conformance (copied to fixtures/dkim/conformance): every
 * message verifies or fails exactly as PROVENANCE.md says, with DNS from its own folder's data.
 */
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { verifyMessage } from "../../src/message/verify-message.ts";
import { readFixture, readJson, resolverFromMailauthZone, resolverFromTxtMap, toCrlf } from "../dkim/helpers.ts";

const dkimpyDns = resolverFromTxtMap(readJson("conformance/dkim-dkimpy/dns-fixtures.derived.json"));
const goDns = resolverFromTxtMap(readJson("conformance/dkim-go-msgauth/dns.derived.json"));
const mailauthDns = resolverFromMailauthZone(readJson("conformance/dkim-rfc8463-mailauth/dns.json"));
const summary = (r: Awaited<ReturnType<typeof verifyMessage>>) => r.dkim.map((d) => [d.domain, d.selector, d.result]);

describe("dkimpy (kitterma/dkimpy-mirror dkim/tests/data)", () => {
  it("rfc6376.signed.msg: the Ed25519 and the RSA signature both verify", async () => {
    const r = await verifyMessage(readFixture("conformance/dkim-dkimpy/rfc6376.signed.msg"), { resolver: dkimpyDns });
    expect(summary(r)).toEqual([
      ["football.example.com", "brisbane", "pass"],
      ["football.example.com", "test", "pass"],
    ]);
    expect(r.dkim.map((d) => [d.algorithm, d.keyBits, d.canonicalization])).toEqual([
      ["ed25519-sha256", 256, "simple/simple"],
      ["rsa-sha256", 1024, "simple/simple"],
    ]);
    expect(r.from.domain).toBe("football.example.com");
  });

  it("test2.message: a 2013 Gmail message with degenerate folding verifies (test_degenerate_folding)", async () => {
    const r = await verifyMessage(readFixture("conformance/dkim-dkimpy/test2.message"), { resolver: dkimpyDns });
    expect(summary(r)).toEqual([["gmail.com", "20120113", "pass"]]);
    expect(r.dkim[0]?.keyBits).toBe(2048);
    expect(r.from.domain).toBe("strace.org");
  });

  it("ed25519test2.msg (CRLF): signed by an Exim prototype, verifies (test_verify_third_party)", async () => {
    const data = readFixture("conformance/dkim-dkimpy/ed25519test2.msg");
    expect(data.includes("\r\n")).toBe(true);
    const r = await verifyMessage(data, { resolver: dkimpyDns });
    expect(summary(r)).toEqual([["test.ex", "sed", "pass"]]);
  });

  it.each(["test.message", "ed25519test.msg", "rfc6376.msg", "test_extra.message"])(
    "%s is unsigned, whatever its Authentication-Results says",
    async (file) => {
      const r = await verifyMessage(readFixture(`conformance/dkim-dkimpy/${file}`), { resolver: dkimpyDns });
      expect(r.dkim).toEqual([]);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["message-unsigned"]);
    },
  );

  it("message.mbox carries an older kitterman.com signature whose key is not in the folder's DNS", async () => {
    const r = await verifyMessage(readFixture("conformance/dkim-dkimpy/message.mbox"), { resolver: dkimpyDns });
    expect(summary(r)).toEqual([["kitterman.com", "2007-00", "permerror"]]);
    expect(r.dkim[0]?.key?.status).toBe("missing");
  });

  it("test_nofrom.message: unsigned (upstream refuses to sign it) and without an author domain", async () => {
    const r = await verifyMessage(readFixture("conformance/dkim-dkimpy/test_nofrom.message"), { resolver: dkimpyDns });
    expect(r.dkim).toEqual([]);
    expect(r.from).toEqual({ domain: null, addresses: [], fields: 0 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["message-unsigned", "from-missing"]);
  });
});

describe("dkimpy sign-then-verify round trips (fixtures/dkim/dkimpy-signed, signed by dkimpy 1.1.4)", () => {
  interface Case {
    file: string;
    expect: "pass" | "fail";
    results: string[];
    upstream: string;
  }
  const manifest = readJson<{ cases: Case[] }>("dkimpy-signed/manifest.json");
  const resolver = new FixtureResolver(readJson("dkimpy-signed/dns.json"));

  it("covers every upstream round-trip test", () => {
    const tests = new Set(manifest.cases.map((c) => c.upstream));
    expect(manifest.cases).toHaveLength(55);
    for (const t of [
      "test_dkim.py::test_verifies",
      "test_dkim.py::test_altered_body_fails",
      "test_dkim.py::test_l_verify",
      "test_dkim.py::test_implicit_k",
      "test_dkim.py::test_bad_version",
      "test_dkim.py::test_unknown_k",
      "test_dkim.py::test_extra_headers",
      "test_dkim_ed25519.py::test_multiple_from_fails",
      "test_dkim_ed25519.py::test_rfc8032_verifies",
    ]) {
      expect(tests).toContain(t);
    }
  });

  it.each(manifest.cases.map((c) => [c.file, c] as const))("%s", async (file, c) => {
    const r = await verifyMessage(readFixture(`dkimpy-signed/${file}`), { resolver });
    expect(r.dkim.map((d) => d.result)).toEqual(c.results);
    // dkimpy's verdict is on the first signature.
    expect(r.dkim[0]?.result === "pass").toBe(c.expect === "pass");
  });
});

describe("go-msgauth (emersion/go-msgauth dkim tests; LF converted to CRLF as upstream does)", () => {
  const go = (file: string) => toCrlf(readFixture(`conformance/dkim-go-msgauth/${file}`));

  it("unsigned.eml: no verification", async () => {
    const r = await verifyMessage(go("unsigned.eml"), { resolver: goDns });
    expect(r.dkim).toEqual([]);
  });

  it("rfc6376-A2-verified.eml: the RFC 6376 A.2 example, re-signed, passes", async () => {
    const r = await verifyMessage(go("rfc6376-A2-verified.eml"), { resolver: goDns });
    expect(r.dkim).toHaveLength(1);
    expect(r.dkim[0]).toMatchObject({
      domain: "example.com",
      selector: "brisbane",
      result: "pass",
      identity: "joe@football.example.com",
      signedHeaders: ["received", "from", "to", "subject", "date", "message-id"],
    });
  });

  it("raw-rsa-newengland.eml: passes with a bare PKCS#1 key, t=1615825284", async () => {
    const r = await verifyMessage(go("raw-rsa-newengland.eml"), { resolver: goDns });
    expect(r.dkim[0]).toMatchObject({
      domain: "example.com",
      selector: "newengland",
      result: "pass",
      signedAt: new Date(1615825284 * 1000).toISOString(),
    });
    expect(r.dkim[0]?.key?.record?.key?.encoding).toBe("pkcs1");
  });

  it("rfc8463-ed25519-rsa.eml: Ed25519 passes; RSA fails against go's key and passes against the RFC 8463 key", async () => {
    const withGo = await verifyMessage(go("rfc8463-ed25519-rsa.eml"), { resolver: goDns });
    expect(summary(withGo)).toEqual([
      ["football.example.com", "brisbane", "pass"],
      ["football.example.com", "test", "fail"],
    ]);
    const withRfc = await verifyMessage(go("rfc8463-ed25519-rsa.eml"), { resolver: mailauthDns });
    expect(summary(withRfc).map((s) => s[2])).toEqual(["pass", "pass"]);
  });

  it("too-many-signatures.eml (LF, as upstream): with a limit of 2, two verifications and a too-many error", async () => {
    const r = await verifyMessage(readFixture("conformance/dkim-go-msgauth/too-many-signatures.eml"), {
      resolver: goDns,
      maxSignatures: 2,
    });
    expect(r.dkim.filter((d) => d.verified).map((d) => d.result)).toEqual(["pass", "pass"]);
    expect(r.dkim[2]).toMatchObject({ verified: false, result: "neutral" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["too-many-signatures"]);
  });

  it("line endings do not change any verdict", async () => {
    for (const file of ["rfc6376-A2-verified.eml", "raw-rsa-newengland.eml", "rfc8463-ed25519-rsa.eml"]) {
      const crlf = await verifyMessage(go(file), { resolver: goDns });
      const lf = await verifyMessage(readFixture(`conformance/dkim-go-msgauth/${file}`), { resolver: goDns });
      expect(summary(lf)).toEqual(summary(crlf));
    }
  });
});

describe("mailauth RFC 8463 (postalsys/mailauth test/dkim/ec/fixtures)", () => {
  it("signed.eml: the RFC 8463 Appendix A message, both signatures pass", async () => {
    const r = await verifyMessage(readFixture("conformance/dkim-rfc8463-mailauth/signed.eml"), {
      resolver: mailauthDns,
    });
    expect(summary(r)).toEqual([
      ["football.example.com", "brisbane", "pass"],
      ["football.example.com", "test", "pass"],
    ]);
    expect(r.dkim.map((d) => d.keyBits)).toEqual([256, 1024]);
  });
});
