/**
 * The closed lists of the SPF module: problem codes, finding codes and results. A misspelt code
 * in a rule does not compile (checked by `npm run typecheck`, which covers the tests), and
 * docs/spf.md documents every code.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  SPF_FINDING_CODES,
  SPF_PROBLEM_CODES,
  SPF_RESULTS,
  type SpfFinding,
  type SpfFindingCode,
  type SpfProblem,
  type SpfProblemCode,
  type SpfResult,
} from "../../src/spf/index.ts";

const doc = readFileSync(new URL("../../docs/spf.md", import.meta.url), "utf8");

describe("SPF codes are closed unions", () => {
  it("a misspelt problem or finding code is a type error", () => {
    const problem: SpfProblemCode = "void-lookup-limit";
    const finding: SpfFindingCode = "void-lookup-limit";
    // @ts-expect-error: not an SPF problem code
    const p2: SpfProblemCode = "void-lookups-limit";
    // @ts-expect-error: not an SPF finding code
    const f2: SpfFindingCode = "lookup-limt";
    // @ts-expect-error: a problem's code is the closed union, not any string
    const p3: SpfProblem = { code: "oops", message: "", domain: "", rfc: "" };
    // @ts-expect-error: a finding's code is the closed union, not any string
    const f3: SpfFinding = { code: "oops", severity: "error", message: "", domain: "", path: [], rfc: "" };
    // @ts-expect-error: "policy" is a DKIM result, not an SPF one
    const r: SpfResult = "policy";
    expect([problem, finding, p2, f2, p3.code, f3.code, r]).toHaveLength(7);
  });

  it("every problem code is documented in docs/spf.md", () => {
    expect(new Set(SPF_PROBLEM_CODES).size).toBe(SPF_PROBLEM_CODES.length);
    for (const code of SPF_PROBLEM_CODES) expect(doc, code).toContain(`\`${code}\``);
  });

  it("every finding code is in the findings table of docs/spf.md", () => {
    expect(new Set(SPF_FINDING_CODES).size).toBe(SPF_FINDING_CODES.length);
    const table = doc.slice(doc.indexOf("| finding | severity | RFC |"), doc.indexOf("## `authorizes("));
    for (const code of SPF_FINDING_CODES) expect(table, code).toContain(`\`${code}\``);
  });

  it("SPF_RESULTS holds the seven results of RFC 7208 §2.6", () => {
    expect([...SPF_RESULTS].sort()).toEqual(["fail", "neutral", "none", "pass", "permerror", "softfail", "temperror"]);
  });
});
