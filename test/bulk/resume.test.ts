import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { carryOver } from "../../src/bulk/resume.ts";
import { jsonlLine } from "../../src/report/bulk-jsonl.ts";
import type { DomainResult } from "../../src/report/bulk-types.ts";
import { checkReport } from "../report/samples.ts";

const dir = mkdtempSync(join(tmpdir(), "eaa-resume-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const checked = (d: string): DomainResult => ({ domain: d, status: "checked", report: checkReport(d, ["warning"]) });
const sink = () => {
  let text = "";
  return { write: async (s: string) => void (text += s), text: () => text };
};

describe("carryOver", () => {
  it("copies each domain's first whole result from the partial file, then the finished one; drops the rest", async () => {
    const partial = join(dir, "r.jsonl.partial");
    const final = join(dir, "r.jsonl");
    writeFileSync(
      partial,
      [
        jsonlLine(checked("a.example")),
        jsonlLine({ domain: "b.example", status: "not-found", reason: "b.example does not exist (NXDOMAIN)" }),
        "not json\n",
        '{"domain":"x.example","status":"checked"}\n', // no report: not a whole result
        '{"domain":"c.example","status":"chec',
      ].join(""),
    );
    writeFileSync(
      final,
      jsonlLine(checked("a.example")) + jsonlLine({ domain: "d.example", status: "not-checked", reason: "boom" }),
    );
    const out = sink();
    const carried = await carryOver([partial, final, join(dir, "missing.jsonl")], out);
    expect([...carried.done].sort()).toEqual(["a.example", "b.example", "d.example"]);
    expect(carried.dropped).toBe(4);
    expect(carried.summary).toMatchObject({
      domains: 3,
      checked: 1,
      notFound: 1,
      notChecked: 1,
      findings: { warning: 2 },
    });
    expect(
      out
        .text()
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as DomainResult).domain),
    ).toEqual(["a.example", "b.example", "d.example"]);
  });

  it("never throws on random lines, and copies only whole results", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string(), fc.json()), { maxLength: 20 }), async (junk) => {
        const path = join(dir, "junk.jsonl");
        writeFileSync(path, junk.join("\n"));
        const out = sink();
        const carried = await carryOver([path], out);
        const copied = out.text().split("\n").filter(Boolean);
        expect(copied).toHaveLength(carried.done.size);
        for (const line of copied) expect(carried.done.has((JSON.parse(line) as DomainResult).domain)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
