import { describe, expect, it } from "vitest";
import * as api from "../../src/dmarc/index.ts";
import { FixtureResolver } from "../../src/index.ts";

describe("the DMARC public API (email-auth-audit/dmarc)", () => {
  it("exports the functions of issue 5", () => {
    for (const name of [
      "parseDmarc",
      "discoverDmarc",
      "evaluateDmarc",
      "organizationalDomain",
      "isAligned",
      "checkReportDestinations",
      "extractFromDomain",
      "pslOrganizationalDomain",
    ]) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe("function");
    }
  });

  it("works end to end through the barrel", async () => {
    const resolver = new FixtureResolver({
      version: 1,
      records: { "example.com": { A: ["192.0.2.1"] }, "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject"] } },
    });
    const e = await api.evaluateDmarc(
      { fromDomain: "example.com", dkim: [{ result: "pass", domain: "mail.example.com" }] },
      { resolver },
    );
    expect(e).toMatchObject({ result: "pass", alignedBy: ["dkim"], policy: { p: "reject", source: "p" } });
  });
});
