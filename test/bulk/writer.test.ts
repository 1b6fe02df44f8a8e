import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openAtomicFile } from "../../src/bulk/atomic-file.ts";
import { createBulkWriter } from "../../src/bulk/writer.ts";
import { BULK_FORMAT_NAMES, formatBulk } from "../../src/report/bulk.ts";
import { type BulkReport, type DomainResult, summariseBulk } from "../../src/report/bulk-types.ts";
import { checkReport } from "../report/samples.ts";

const dir = mkdtempSync(join(tmpdir(), "eaa-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function results(n: number): DomainResult[] {
  return Array.from({ length: n }, (_, i): DomainResult => {
    const domain = `d${i}.example`;
    if (i % 7 === 3) return { domain, status: "not-checked", reason: `reason ${i}, "quoted"` };
    if (i % 11 === 5) return { domain, status: "not-found", reason: `${domain} does not exist (NXDOMAIN)` };
    return {
      domain,
      status: "checked",
      report: checkReport(domain, i % 2 ? ["warning"] : ["error", "warning", "info"]),
    };
  });
}

function memorySink() {
  let text = "";
  return { sink: { write: async (s: string) => void (text += s) }, text: () => text };
}

/** A fixed shuffle: the order domains finish in. */
function finishOrder(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
}

describe("createBulkWriter", () => {
  const list = results(40);
  const bulk: BulkReport = {
    version: 2,
    kind: "bulk",
    tool: { name: "email-auth-audit", version: "1.2.3" },
    generatedAt: "2026-11-23T09:00:00.000Z",
    entries: list,
    summary: summariseBulk(list, 1234),
  };

  it.each(BULK_FORMAT_NAMES)("%s: results arriving in any order give the document formatBulk gives", async (format) => {
    const out = memorySink();
    const writer = await createBulkWriter({
      format,
      out: out.sink,
      version: "1.2.3",
      generatedAt: bulk.generatedAt,
      spoolDir: dir,
    });
    try {
      for (const i of finishOrder(list.length)) await writer.add(list[i]!, i);
      await writer.finish(bulk.summary);
    } finally {
      await writer.close();
    }
    const expected = formatBulk(bulk, format);
    if (format === "jsonl" || format === "csv") {
      // Streamed in the order they finish: the same lines.
      const split = (t: string) => t.split(/\r?\n/).sort();
      expect(split(out.text())).toEqual(split(expected));
    } else if (format === "sarif") {
      // Rules are numbered in the order they first appear: compare what each result points at.
      type Log = {
        runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
      };
      const norm = (t: string) => {
        const run = (JSON.parse(t) as Log).runs[0]!;
        return {
          rules: run.tool.driver.rules.map((r) => r.id).sort(),
          results: run.results.map((r) => [r.ruleId, run.tool.driver.rules[r.ruleIndex]!.id]),
        };
      };
      expect(norm(out.text())).toEqual(norm(expected));
    } else {
      expect(out.text()).toBe(expected);
    }
    // The spool is gone.
    expect(readdirSync(dir).filter((f) => f.includes("spool"))).toEqual([]);
  });

  it("writes a document to an atomic file that appears, whole, only when committed", async () => {
    const target = join(dir, "report.html");
    const opened = await openAtomicFile(target);
    if (!opened.ok) throw new Error(opened.error);
    const writer = await createBulkWriter({ format: "html", out: opened.file, version: "1.2.3", spoolDir: dir });
    for (const [i, r] of list.entries()) await writer.add(r, i);
    await writer.finish(bulk.summary);
    await writer.close();
    expect(existsSync(target)).toBe(false);
    expect(existsSync(opened.file.tempPath)).toBe(true);
    await opened.file.commit();
    expect(existsSync(opened.file.tempPath)).toBe(false);
    expect(readFileSync(target, "utf8").match(/<section class="report"/g)).toHaveLength(40);
  });
});

describe("openAtomicFile", () => {
  it("refuses a folder, a missing folder, and a fixed temporary name that is taken", async () => {
    expect(await openAtomicFile(dir, {}, "out")).toEqual({ ok: false, error: "cannot write out: it is a folder" });
    expect(await openAtomicFile(join(dir, "no/such.json"), {}, "no/such.json")).toEqual({
      ok: false,
      error: "cannot write no/such.json: its folder does not exist",
    });
    const temp = join(dir, "r.jsonl.partial");
    const first = await openAtomicFile(join(dir, "r.jsonl"), { temp });
    expect(first.ok).toBe(true);
    expect(await openAtomicFile(join(dir, "r.jsonl"), { temp })).toEqual({
      ok: false,
      error: "r.jsonl.partial already exists",
      code: "exists",
    });
    if (first.ok) await first.file.discard();
    expect(existsSync(temp)).toBe(false);
  });

  it("keep() leaves the temporary file (to resume from); commit() replaces the previous file", async () => {
    const target = join(dir, "k.jsonl");
    const a = await openAtomicFile(target, { temp: `${target}.partial` });
    if (!a.ok) throw new Error(a.error);
    await a.file.write("one\n");
    await a.file.keep();
    expect(readFileSync(`${target}.partial`, "utf8")).toBe("one\n");
    rmSync(`${target}.partial`);
    const b = await openAtomicFile(target);
    if (!b.ok) throw new Error(b.error);
    await b.file.write("two\n");
    await b.file.commit();
    const c = await openAtomicFile(target);
    if (!c.ok) throw new Error(c.error);
    await c.file.write("three\n");
    expect(readFileSync(target, "utf8")).toBe("two\n"); // until the commit, the old file stands
    await c.file.commit();
    expect(readFileSync(target, "utf8")).toBe("three\n");
  });
});
