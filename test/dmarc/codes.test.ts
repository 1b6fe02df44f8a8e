/**
 * The closed lists of the DMARC module: diagnostic codes and results. A misspelt code in a rule
 * does not compile (checked by `npm run typecheck`, which covers the tests), and docs/dmarc.md
 * documents every code.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DMARC_DIAGNOSTIC_CODES,
  DMARC_RESULTS,
  type DmarcDiagnostic,
  type DmarcDiagnosticCode,
  type DmarcResult,
  evaluateDmarc,
  parseDmarc,
} from "../../src/dmarc/index.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";

describe("DMARC diagnostic codes", () => {
  it("are a closed union: a misspelt code is a type error", () => {
    const ok: DmarcDiagnosticCode = "dmarc-p-missing";
    // @ts-expect-error: not a DMARC diagnostic code
    const misspelt: DmarcDiagnosticCode = "dmarc-p-mising";
    // @ts-expect-error: a diagnostic's code is the closed union, not any string
    const d: DmarcDiagnostic = { code: "nope", severity: "error", message: "", refs: [] };
    expect([ok, misspelt, d.code]).toHaveLength(3);
  });

  it("are listed once each and documented in docs/dmarc.md", () => {
    expect(new Set(DMARC_DIAGNOSTIC_CODES).size).toBe(DMARC_DIAGNOSTIC_CODES.length);
    const doc = readFileSync(new URL("../../docs/dmarc.md", import.meta.url), "utf8");
    const table = doc.slice(doc.indexOf("## Diagnostics codes"), doc.indexOf("## `DmarcDiscovery`"));
    for (const code of DMARC_DIAGNOSTIC_CODES) expect(table, code).toContain(`\`${code}\``);
  });

  it("cover what the parser produces on odd records", () => {
    const records = ["", "v=DMARC1", " v=DMARC1; p=none", "v=dmarc1; p=n; fo:0; x=1; pct=50; rua=mailto:a@b!10m"];
    for (const text of records)
      for (const mode of ["strict", "lenient"] as const)
        for (const d of parseDmarc(text, { mode }).diagnostics) expect(DMARC_DIAGNOSTIC_CODES).toContain(d.code);
  });
});

describe("DMARC results", () => {
  it("DMARC_RESULTS lists the DmarcResult union, and evaluateDmarc returns one of them", async () => {
    const all: readonly DmarcResult[] = DMARC_RESULTS;
    expect([...all].sort()).toEqual(["fail", "none", "pass", "permerror", "temperror"]);
    // @ts-expect-error: "softfail" is an SPF result, not a DMARC one
    const wrong: DmarcResult = "softfail";
    expect(wrong).toBe("softfail");
    const resolver = new FixtureResolver({
      version: 1,
      records: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject"] } },
    });
    const e = await evaluateDmarc(
      { fromDomain: "example.com", spf: { result: "fail", domain: "example.com" } },
      { resolver },
    );
    expect(DMARC_RESULTS).toContain(e.result);
    expect(e.result).toBe("fail");
  });
});
